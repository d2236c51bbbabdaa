using Microsoft.Playwright;

namespace Procurement.EndToEndTests;

public static class PageExtensions
{
    /// <summary>
    /// A full-page screenshot from the top: scrolled, the fixed app bar would be drawn where the viewport last was,
    /// across the middle of the page.
    /// </summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IPage, System.Collections.Concurrent.ConcurrentQueue<string>> CspViolations = [];

    /// <summary>Records what Chromium reports as refused by the Content-Security-Policy on this page.</summary>
    public static void WatchContentSecurityPolicy(this IPage page)
    {
        var violations = CspViolations.GetOrCreateValue(page);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Enqueue(message.Text);
            }
        };
    }

    /// <summary>A screenshot of the whole page, taken only once the page ran with no CSP violation: what it shows works under the policy.</summary>
    public static async Task ScreenshotAsync(this IPage page, string name)
    {
        Assert.Empty(CspViolations.TryGetValue(page, out var violations) ? violations : []);
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppServer.ScreenshotDirectory, name + ".png"), FullPage = true });
    }

    /// <summary>axe-core 4.14.1 from npm (MPL-2.0, its licence header kept in the file), copied beside the tests.</summary>
    private static readonly Lazy<string> AxeSource = new(() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Accessibility", "axe.min.js")));

    /// <summary>
    /// Runs axe-core's WCAG 2 A and AA rules on the page as it is now and fails on every critical or serious
    /// violation, listing the rule, what it means, and the elements (selectors) that break it. Moderate and minor
    /// findings are not failures (they are best practices or duplicates of a serious rule).
    /// </summary>
    public static async Task AssertAccessibleAsync(this IPage page, string? context = null)
    {
        // Through the debugging protocol, so the page's Content-Security-Policy (no inline scripts) does not apply.
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.EvaluateAsync(AxeSource.Value);
        }
        // Colours are read as painted: a chip still fading from Draft's grey to PendingApproval's orange (a CSS transition)
        // would be measured mid-way. Finite animations and transitions are let finish first (at most 2 s).
        var violations = await page.EvaluateAsync<AxeViolation[]>("""
            async () => {
              const settling = document.getAnimations().filter(a => a.effect && a.effect.getComputedTiming().iterations !== Infinity).map(a => a.finished.catch(() => {}));
              await Promise.race([Promise.all(settling), new Promise(resolve => setTimeout(resolve, 2000))]);
              const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] }, resultTypes: ['violations'] });
              return result.violations
                .filter(v => v.impact === 'critical' || v.impact === 'serious')
                .map(v => ({ id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.map(n => ({ target: n.target.join(' '), summary: (n.failureSummary || '').replace(/\s+/g, ' ') })) }));
            }
            """);
        if (violations.Length == 0)
        {
            return;
        }
        var report = new System.Text.StringBuilder($"axe-core: {violations.Length} critical or serious rule(s) violated on {context ?? page.Url}");
        foreach (var violation in violations)
        {
            report.Append($"\n- {violation.Id} ({violation.Impact}): {violation.Help} — {violation.Nodes.Length} element(s)");
            foreach (var node in violation.Nodes.Take(8))
            {
                report.Append($"\n    {node.Target}: {node.Summary}");
            }
        }
        Assert.Fail(report.ToString());
    }

    /// <summary>One rule axe found broken (Playwright fills these from the page's answer, so: settable properties).</summary>
    public sealed class AxeViolation
    {
        public string Id { get; set; } = "";
        public string Impact { get; set; } = "";
        public string Help { get; set; } = "";
        public AxeNode[] Nodes { get; set; } = [];
    }

    public sealed class AxeNode
    {
        public string Target { get; set; } = "";
        public string Summary { get; set; } = "";
    }

    /// <summary>
    /// Interactive pages answer clicks only once the circuit is up and the layout has rendered interactively
    /// (it marks itself <c>data-interactive="true"</c> then); the prerendered HTML looks the same but ignores clicks.
    /// </summary>
    public static async Task WaitForBlazorAsync(this IPage page) =>
        await page.Locator(".mud-layout[data-interactive=true]").WaitForAsync();

    public static async Task SignInAsync(this IPage page, string email, string password)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#login-submit");
        // The landing page is the role's own portal now; on two shared cores late in a full run its first load has
        // been seen to take longer than the 15 s default (once in three full runs), so allow it twice that.
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal), new PageWaitForURLOptions { Timeout = 30_000 });
    }

    /// <summary>
    /// Opens a MudSelect by its label and picks an option by its text, then checks the pick took: a select that was
    /// just enabled (county after city) can swallow the first click while it re-renders.
    /// </summary>
    public static async Task SelectMudAsync(this IPage page, string label, string option)
    {
        var select = page.Locator(".mud-select").Filter(new LocatorFilterOptions { HasText = label }).First;
        var input = select.Locator("input").First;
        await Assertions.Expect(input).ToBeEnabledAsync();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await select.ClickAsync();
            var item = page.Locator(".mud-popover-open .mud-list-item").Filter(new LocatorFilterOptions { HasTextString = option }).First;
            try
            {
                await item.ClickAsync(new LocatorClickOptions { Timeout = 5_000 });
            }
            catch (TimeoutException)
            {
                await page.Keyboard.PressAsync("Escape");
                continue;
            }
            // The select shows the picked item's text; its input holds the value (a code or an id).
            await page.WaitForTimeoutAsync(100);
            if ((await select.InnerTextAsync()).Contains(option, StringComparison.Ordinal)
                || (await input.InputValueAsync()).Contains(option, StringComparison.Ordinal))
            {
                return;
            }
        }
        throw new InvalidOperationException($"Could not pick '{option}' in the select labelled '{label}'.");
    }
}
