using System.Resources;

[assembly: NeutralResourcesLanguage("zh-CN")]

namespace Procurement.Web;

/// <summary>Marker for the UI strings: <c>Resources/SharedResource.resx</c> (zh-CN, the neutral language) and <c>.en.resx</c>.</summary>
#pragma warning disable CA1052 // a marker type for IStringLocalizer<T>, never instantiated
public sealed class SharedResource;
#pragma warning restore CA1052
