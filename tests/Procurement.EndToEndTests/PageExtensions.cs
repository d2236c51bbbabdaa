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
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
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
