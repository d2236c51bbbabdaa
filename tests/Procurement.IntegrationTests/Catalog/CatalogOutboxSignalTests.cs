using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Procurement.Core.Common;
using Procurement.Infrastructure.Persistence;
using Procurement.Infrastructure.Persistence.Catalog;

namespace Procurement.IntegrationTests.Catalog;

/// <summary>The index worker is woken by commits: once per batch of signals, and only when the data is visible.</summary>
public sealed class CatalogOutboxSignalTests
{
    [Fact]
    public async Task Signals_fold_into_one_wake_up()
    {
        var signal = new CatalogOutboxSignal();
        Assert.False(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));

        signal.Notify();
        signal.Notify();

        Assert.True(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.False(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task A_save_signals_at_once_and_a_save_inside_a_transaction_at_its_commit()
    {
        var signal = new CatalogOutboxSignal();
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        var options = new DbContextOptionsBuilder<ProcurementDbContext>()
            .UseSqlite(connection)
            .AddInterceptors(new CatalogOutboxSignalInterceptor(signal))
            .Options;
        await using var db = new ProcurementDbContext(options, SystemUser.Instance, TimeProvider.System);
        await db.Database.EnsureCreatedAsync();
        while (await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None))
        {
            // Creating the schema may have signalled; start from quiet.
        }

        db.CatalogOutbox.Add(new CatalogOutboxEntry { ProductId = Guid.NewGuid(), EnqueuedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        Assert.True(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            db.CatalogOutbox.Add(new CatalogOutboxEntry { ProductId = Guid.NewGuid(), EnqueuedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
            Assert.False(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
            await transaction.CommitAsync();
        }
        Assert.True(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
    }
}
