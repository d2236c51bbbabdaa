using Procurement.Core.Common;

namespace Procurement.UnitTests.Common;

public class UsccTests
{
    [Theory]
    [InlineData("91350100M000100Y43")] // the example printed with GB 32100-2015 guidance
    [InlineData("91110000600037341L")]
    public void Accepts_codes_whose_check_character_is_right(string code) => Assert.True(Uscc.IsValid(code));

    [Theory]
    [InlineData("91350100M000100Y44")] // check character off by one
    [InlineData("91350100m000100Y43")] // lower case is not in the alphabet
    [InlineData("91350100M000100Y4")]  // 17 characters
    [InlineData("91350100M000100Y431")]
    [InlineData("91350100I000100Y43")] // I is excluded from the alphabet
    [InlineData("")]
    [InlineData(null)]
    public void Refuses_malformed_codes(string? code) => Assert.False(Uscc.IsValid(code));

    [Fact]
    public void Check_character_is_computed_from_the_first_seventeen() =>
        Assert.Equal('3', Uscc.CheckCharacter("91350100M000100Y4"));
}
