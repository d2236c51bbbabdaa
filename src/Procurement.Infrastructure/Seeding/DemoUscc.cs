using Procurement.Core.Common;

namespace Procurement.Infrastructure.Seeding;

/// <summary>Mints valid-looking 统一社会信用代码 for demo organisations: check characters right, numbers made up.</summary>
internal static class DemoUscc
{
    private const string OrgAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static readonly int[] _orgWeights = [3, 7, 9, 10, 5, 8, 4, 2];

    /// <param name="type">"93" 农民专业合作社, "91" 企业, "81" 工会 (群团组织).</param>
    public static string Make(string type, string regionCode, int serial)
    {
        var body = $"MA{(serial * 7919 + 104729) % 1_000_000:D6}";
        var first17 = type + regionCode + body + OrgCheck(body);
        return first17 + Uscc.CheckCharacter(first17);
    }

    /// <summary>GB 11714 check digit of the 9-character organisation code inside a USCC.</summary>
    private static char OrgCheck(string body)
    {
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            sum += OrgAlphabet.IndexOf(body[i]) * _orgWeights[i];
        }
        var check = 11 - (sum % 11);
        return check switch { 10 => 'X', 11 => '0', _ => (char)('0' + check) };
    }
}
