using System.Net;
using System.Text.RegularExpressions;

namespace Procurement.IntegrationTests.Auth;

/// <summary>The browser's sign-in form (<c>/account/login</c>, statically rendered) driven over HTTP: the page's hidden fields, then the post.</summary>
public static partial class WebSignIn
{
    /// <summary>Posts the form as a browser would; the client keeps the antiforgery and auth cookies.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string email, string password)
    {
        var page = await client.GetStringAsync("/account/login");
        var fields = HiddenInput().Matches(page).ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        fields["Input.Email"] = email;
        fields["Input.Password"] = password;
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(fields));
    }

    /// <summary>The page's error alert, decoded; null when it shows none.</summary>
    public static async Task<string?> AlertAsync(HttpResponseMessage response)
    {
        var match = Alert().Match(await response.Content.ReadAsStringAsync());
        return match.Success ? WebUtility.HtmlDecode(match.Groups["text"].Value).Trim() : null;
    }

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]*)(?=")""")]
    private static partial Regex HiddenInput();

    [GeneratedRegex("""id="login-error"[^>]*>(?<text>[^<]*)<""")]
    private static partial Regex Alert();
}
