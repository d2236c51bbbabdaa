using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Common;
using Procurement.Core.Partners;
using Procurement.Infrastructure.Persistence;
using Procurement.IntegrationTests.Ordering;

namespace Procurement.IntegrationTests.Partners;

/// <summary>
/// The partner app with two witnesses in one ordered log: the statement file read to its end, and every command that
/// writes a statement.
/// </summary>
public sealed class StatementWitnessApp : PartnerApp
{
    public ConcurrentQueue<string> Events { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.ConfigureDbContext<ProcurementDbContext>(options => options.AddInterceptors(new StatementWrites(Events)));
            var real = services.Single(d => d.ServiceType == typeof(IStatementFiles));
            services.Remove(real);
            services.AddSingleton(sp => FilesWitness.Wrap((IStatementFiles)(real.ImplementationInstance
                ?? real.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, real.ImplementationType!)), Events));
        });
    }

    private sealed class StatementWrites(ConcurrentQueue<string> events) : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            Record(command);
            return ValueTask.FromResult(result);
        }

        private void Record(DbCommand command)
        {
            if (command.CommandText.Contains("INSERT INTO \"PartnerStatements\"", StringComparison.Ordinal)
                || command.CommandText.Contains("INSERT INTO [PartnerStatements]", StringComparison.Ordinal))
            {
                events.Enqueue("statement written");
            }
        }
    }

    /// <summary>The statement files as they are, but the rows of an opened file say when they were read to the end.</summary>
    public class FilesWitness : DispatchProxy
    {
        private IStatementFiles _inner = null!;
        private ConcurrentQueue<string> _events = null!;

        public static IStatementFiles Wrap(IStatementFiles inner, ConcurrentQueue<string> events)
        {
            var proxy = Create<IStatementFiles, FilesWitness>();
            ((FilesWitness)(object)proxy)._inner = inner;
            ((FilesWitness)(object)proxy)._events = events;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            try
            {
                var answer = targetMethod!.Invoke(_inner, args);
                return answer is StatementSheet sheet ? sheet with { Rows = Witnessed(sheet.Rows) } : answer;
            }
            catch (TargetInvocationException exception) when (exception.InnerException is not null)
            {
                throw exception.InnerException;
            }
        }

        private IEnumerable<StatementCells> Witnessed(IEnumerable<StatementCells> rows)
        {
            foreach (var row in rows)
            {
                yield return row;
            }
            _events.Enqueue("file read");
        }
    }
}

/// <summary>A statement is read and checked whole before anything is written: the transaction only writes.</summary>
public sealed class StatementIntakeTests(StatementWitnessApp app) : IClassFixture<StatementWitnessApp>
{
    private static string Csv(DateOnly date, int rows, string? lastStatus = null)
    {
        var day = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var text = new StringBuilder("订单编号,下单时间,采购单位,商品金额,运费,实付金额,平台服务费,订单状态,结算日期\r\n");
        for (var i = 1; i <= rows; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"TX{date:yyyyMMdd}{i:D5},{day} 08:00:00,南京市总工会,10.00,0.00,10.00,0.30,{(i == rows ? lastStatus ?? "已完成" : "已完成")},{day}\r\n");
        }
        return text.ToString();
    }

    [Fact]
    public async Task A_statement_refused_by_its_last_row_writes_nothing_and_opens_no_write()
    {
        var s = await OrderingScenario.CreateAsync(app);
        var finance = await s.FinanceAsync();
        var d = BusinessDate.Today(TimeProvider.System).AddDays(-4);
        app.Events.Clear();

        var refused = await PartnerClient.UploadAsync(finance, "P832", d, Encoding.UTF8.GetBytes(Csv(d, 500, lastStatus: "丢失")), "bad.csv");

        await refused.IsValidationProblemAsync("row 501: 订单状态");
        Assert.DoesNotContain("statement written", app.Events);
        Assert.Empty(await app.WithScopeAsync(sp => sp.GetRequiredService<IStatementStore>().ListAsync("P832", d, d, CancellationToken.None)));
    }

    [Fact]
    public async Task A_good_statement_is_read_to_its_end_before_the_statement_is_written()
    {
        var s = await OrderingScenario.CreateAsync(app);
        var finance = await s.FinanceAsync();
        var d = BusinessDate.Today(TimeProvider.System).AddDays(-6);
        app.Events.Clear();

        var stored = await PartnerClient.UploadAsync(finance, "P832", d, Encoding.UTF8.GetBytes(Csv(d, 500)), "good.csv");

        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        Assert.Equal(["file read", "statement written"], app.Events.Where(e => e is "file read" or "statement written").Distinct());
        var statement = Assert.Single(await app.WithScopeAsync(sp => sp.GetRequiredService<IStatementStore>().ListAsync("P832", d, d, CancellationToken.None)));
        Assert.Equal(500, statement.Rows);
    }
}
