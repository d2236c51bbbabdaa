using Ganss.Xss;
using Procurement.Core.Catalog.Listings;

namespace Procurement.Infrastructure.Catalog;

/// <summary>
/// Supplier descriptions are simple rich text: paragraphs, emphasis, lists, small headings, line breaks and http(s)
/// links. Everything else goes — scripts, event handlers, javascript: links, styles, classes, iframes, images
/// (images are uploaded, not linked, so they are checked and resized).
/// </summary>
public sealed class DescriptionSanitizer : IDescriptionSanitizer
{
    private static readonly HtmlSanitizer _sanitizer = Create();

    public string Sanitize(string html) => string.IsNullOrWhiteSpace(html) ? "" : _sanitizer.Sanitize(html).Trim();

    private static HtmlSanitizer Create()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h3", "h4", "blockquote", "a" },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
        };
        var sanitizer = new HtmlSanitizer(options);
        // Links leave the site in a new tab without handing it the opener.
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { LocalName: "a" } link)
            {
                link.SetAttribute("rel", "nofollow noopener noreferrer");
                link.SetAttribute("target", "_blank");
            }
        };
        return sanitizer;
    }
}
