using System.Globalization;

namespace Procurement.Core.Common;

/// <summary>
/// Domain messages in both languages at the point they are raised. Core cannot see the web project's resource
/// files, and a rule's message belongs beside the rule; the UI's own strings live in resx files.
/// </summary>
public static class Texts
{
    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string Pick(string zh, string en) => IsEnglish ? en : zh;
}
