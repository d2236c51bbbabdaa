using Procurement.Core.Catalog;
using Procurement.Core.Catalog.Listings;
using Procurement.Core.Common;
using Procurement.Core.Suppliers;

namespace Procurement.UnitTests.Catalog.Listings;

public sealed class CertificateExpiryTests
{
    // 2026-11-25 00:30 in Beijing is still the 24th in UTC: business dates are China's.
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 16, 30, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 25);

    private sealed class Watch(params CertificateDue[] due) : ICertificateWatch
    {
        public List<Guid> Reindexed { get; } = [];
        public (DateOnly From, DateOnly Until) Asked { get; private set; }

        public Task<IReadOnlyList<CertificateDue>> EndingBetweenAsync(DateOnly from, DateOnly until, CancellationToken cancellationToken)
        {
            Asked = (from, until);
            return Task.FromResult<IReadOnlyList<CertificateDue>>(due);
        }

        public void Reindex(Guid productId) => Reindexed.Add(productId);
    }

    private sealed class Commits : IUnitOfWork
    {
        public int Count { get; private set; }

        public Task<Error?> CommitAsync(CancellationToken cancellationToken)
        {
            Count++;
            return Task.FromResult<Error?>(null);
        }
    }

    private sealed class Notices : ISupplierNotices
    {
        public List<SupplierNotice> Added { get; } = [];
        public void Add(SupplierNotice notice) => Added.Add(notice);
        public Task<IReadOnlyList<SupplierNotice>> RecentAsync(int take, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<SupplierNotice>>(Added);
        public Task<int> UnreadCountAsync(CancellationToken cancellationToken) => Task.FromResult(Added.Count);
        public Task MarkAllReadAsync(DateTimeOffset at, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private static Product Certified(string name, DateOnly validTo) =>
        new(Guid.NewGuid(), name, "herbal", "621126", "", new Certificate("GS-1", "认定中心", new DateOnly(2025, 1, 1), validTo),
            [new Sku($"C-{Guid.NewGuid():N}"[..12], "250g", 45m, 10, 1, [])], Now);

    private static CertificateDue Due(Product product, params NoticeKind[] noticed) => new(product, noticed.ToHashSet());

    [Fact]
    public async Task Warns_within_thirty_days_and_drops_the_badge_once_ended()
    {
        var ending = Certified("岷县当归", Today.AddDays(30));
        var ended = Certified("陇西黄芪", Today.AddDays(-1));
        var lastDay = Certified("渭源党参", Today);
        var watch = new Watch(Due(ending), Due(ended), Due(lastDay));
        var notices = new Notices();

        var commits = new Commits();
        var run = await new CertificateExpiry(watch, notices, commits, new FixedClock(Now)).RunAsync(CancellationToken.None);

        Assert.Equal(1, commits.Count);
        Assert.Equal((Today.AddDays(-30), Today.AddDays(30)), watch.Asked);
        Assert.Equal(new CertificateExpiryRun(Warned: 2, Expired: 1), run);
        Assert.Equal([ended.Id], watch.Reindexed);
        Assert.Contains(notices.Added, n => n.ProductId == ended.Id && n.Kind == NoticeKind.CertificateExpired && n.Detail == "2026-11-24");
        // Valid through its last day: a warning, not yet expired.
        Assert.Contains(notices.Added, n => n.ProductId == lastDay.Id && n.Kind == NoticeKind.CertificateExpiring);
    }

    [Fact]
    public async Task Each_notice_is_sent_once()
    {
        var ending = Certified("岷县当归", Today.AddDays(10));
        var ended = Certified("陇西黄芪", Today.AddDays(-3));
        var watch = new Watch(Due(ending, NoticeKind.CertificateExpiring), Due(ended, NoticeKind.CertificateExpiring, NoticeKind.CertificateExpired));
        var notices = new Notices();

        var run = await new CertificateExpiry(watch, notices, new Commits(), new FixedClock(Now)).RunAsync(CancellationToken.None);

        Assert.Equal(new CertificateExpiryRun(0, 0), run);
        Assert.Empty(notices.Added);
        Assert.Empty(watch.Reindexed);
    }
}
