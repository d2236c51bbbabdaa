using Procurement.Core.Catalog.Search;

namespace Procurement.UnitTests.Catalog.Search;

public class SynonymsTests
{
    [Fact]
    public void The_curated_file_has_at_least_sixty_groups_with_the_potato_one() =>
        Assert.True(Synonyms.Default.Groups.Count >= 60 && Synonyms.Default.Groups.Any(g => g.Contains("土豆") && g.Contains("马铃薯") && g.Contains("洋芋")));

    [Fact]
    public void Alternatives_start_with_the_word_itself() =>
        Assert.Equal("洋芋", Synonyms.Default.AlternativesOf("洋芋")[0]);

    [Fact]
    public void Splits_runs_on_the_longest_known_word()
    {
        var synonyms = Synonyms.Parse(new StringReader("# comment\n桃,桃子\n核桃,胡桃\n土豆,马铃薯\n"));
        var parts = synonyms.Split("定西土豆核桃").Select(p => (p.Text, p.Alternatives?.Count ?? 0)).ToList();
        Assert.Equal([("定西", 0), ("土豆", 2), ("核桃", 2)], parts);
    }

    [Fact]
    public void A_mapping_widens_only_the_words_on_its_left()
    {
        var synonyms = Synonyms.Parse(new StringReader("百合,甜百合\nLily, lilies => 百合\n"));
        Assert.Equal(["lily", "百合"], synonyms.AlternativesOf("lily"));
        Assert.Equal(["lilies", "百合"], synonyms.AlternativesOf("lilies"));
        // 百合 keeps its own group and is not widened to English; Chinese runs split as before.
        Assert.Equal(["百合", "甜百合"], synonyms.AlternativesOf("百合"));
        Assert.Equal([("兰州", 0), ("百合", 2)], synonyms.Split("兰州百合").Select(p => (p.Text, p.Alternatives?.Count ?? 0)));
    }

    [Theory]
    [InlineData("lily", "百合")]
    [InlineData("apple", "苹果")]
    [InlineData("potatoes", "马铃薯")]
    [InlineData("goji", "枸杞")]
    public void The_curated_file_knows_english_product_words(string english, string chinese) =>
        Assert.Contains(chinese, Synonyms.Default.AlternativesOf(english));

    [Fact]
    public void The_english_words_leave_chinese_queries_alone() => Assert.DoesNotContain("apple", Synonyms.Default.AlternativesOf("花牛苹果"));

    [Fact]
    public void A_word_in_two_groups_means_the_words_of_both()
    {
        var synonyms = Synonyms.Parse(new StringReader("羊肉,滩羊肉\n羊肉,羔羊肉\n"));
        Assert.Equal(["羊肉", "滩羊肉", "羔羊肉"], synonyms.AlternativesOf("羊肉"));
    }
}
