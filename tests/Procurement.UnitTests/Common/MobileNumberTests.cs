using Procurement.Core.Common;

namespace Procurement.UnitTests.Common;

public class MobileNumberTests
{
    [Theory]
    [InlineData("13812345678", true)]
    [InlineData("19912345678", true)]
    [InlineData("12812345678", false)]
    [InlineData("1381234567", false)]
    [InlineData("138123456789", false)]
    [InlineData("+8613812345678", false)]
    [InlineData(null, false)]
    public void Validates_mainland_mobile_numbers(string? number, bool valid) => Assert.Equal(valid, MobileNumber.IsValid(number));

    [Theory]
    [InlineData("+86 138-1234-5678", "13812345678")]
    [InlineData(" 138 1234 5678 ", "13812345678")]
    public void Normalizes_what_spreadsheets_hold(string raw, string expected) => Assert.Equal(expected, MobileNumber.Normalize(raw));
}
