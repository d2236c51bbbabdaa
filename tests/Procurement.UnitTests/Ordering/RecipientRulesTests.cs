using Procurement.Core.Common.Regions;
using Procurement.Core.Ordering;

namespace Procurement.UnitTests.Ordering;

/// <summary>Reading recipients' addresses into GB/T 2260 divisions, and the sheet's row rules.</summary>
public sealed class RecipientRulesTests
{
    [Theory]
    [InlineData("江苏省", "南京市", "鼓楼区", "320106")]
    [InlineData("江苏", "南京", "鼓楼区", "320106")]
    [InlineData(" 江 苏 ", "南京", "鼓楼", "320106")]
    [InlineData("福建省", "福州市", "鼓楼区", "350102")]
    [InlineData("北京市", "北京市", "朝阳区", "110105")]
    [InlineData("北京", "市辖区", "朝阳区", "110105")]
    [InlineData("上海", "上海", "浦东新区", "310115")]
    [InlineData("甘肃", "甘南", "合作市", "623001")]
    [InlineData("广西", "南宁", "青秀区", "450103")]
    [InlineData("湖北", "仙桃市", "", "429004")]
    [InlineData("广东省", "东莞市", "南城街道", "441900")]
    public void Full_names_short_forms_and_special_divisions_resolve(string province, string city, string district, string code)
    {
        var resolved = Addresses.Resolve(province, city, district);
        Assert.True(resolved.Succeeded, resolved.Error?.Summary);
        Assert.Equal(code, resolved.Value!.District.Code);
        var (p, c, d) = (resolved.Value.Province, resolved.Value.City, resolved.Value.District);
        Assert.True(d.Code == c.Code || d.ParentCode == c.Code, $"{d.Name} is not inside {c.Name}");
        Assert.True(c.ParentCode == p.Code || Regions.Find(c.ParentCode)?.ParentCode == p.Code, $"{c.Name} is not inside {p.Name}");
    }

    [Theory]
    [InlineData("火星", "南京", "鼓楼区", Addresses.Province)]
    [InlineData("", "南京", "鼓楼区", Addresses.Province)]
    [InlineData("江苏", "兰州", "城关区", Addresses.City)]
    [InlineData("江苏", "", "鼓楼区", Addresses.City)]
    [InlineData("江苏", "南京", "姑苏区", Addresses.District)]
    [InlineData("江苏", "南京", "", Addresses.District)]
    [InlineData("江苏", "南京", "区", Addresses.District)]
    public void A_name_that_is_not_a_division_or_not_inside_its_parent_names_its_column(string province, string city, string district, string column)
    {
        var resolved = Addresses.Resolve(province, city, district);
        Assert.Equal([column], resolved.Error!.Fields!.Keys);
    }

    [Fact]
    public void A_short_form_that_fits_two_divisions_is_refused_rather_than_guessed()
    {
        // 江苏 has 南京市 and 南通市: "南" alone is too short and "南京" unique.
        Assert.False(Addresses.Resolve("江苏", "南", "鼓楼区").Succeeded);
        Assert.True(Addresses.Resolve("江苏", "南通", "崇川区").Succeeded);
    }

    private static RecipientSheetRow Row(int row, string mobile = "13800138000", string packages = "1", string name = "王芳", string address = "中山北路 1 号") =>
        new(row, name, mobile, "江苏", "南京", "鼓楼区", address, packages);

    [Fact]
    public void Rows_become_recipients_with_normalised_mobiles_and_province_counts()
    {
        var list = RecipientRules.Check(Guid.NewGuid(), Guid.NewGuid(), [Row(2, "138 0013 8000", "2"), Row(3, "+86 139-0000-0001", "3.0")]);
        Assert.True(list.Succeeded, list.Error?.Summary);
        Assert.Equal(["13800138000", "13900000001"], list.Value!.Recipients.Select(r => r.Mobile));
        Assert.Equal(5, list.Value.Packages);
        var province = Assert.Single(list.Value.Provinces);
        Assert.Equal(("320000", 2, 5), (province.ProvinceCode, province.Recipients, province.Packages));
    }

    [Fact]
    public void The_same_mobile_twice_names_both_rows()
    {
        var list = RecipientRules.Check(Guid.NewGuid(), Guid.NewGuid(), [Row(2), Row(3, "13900000001"), Row(4)]);
        Assert.Equal(["row 2: 手机号", "row 4: 手机号"], list.Error!.Fields!.Keys.Order());
        Assert.Contains("4", list.Error.Fields["row 2: 手机号"][0]);
        Assert.Contains("2", list.Error.Fields["row 4: 手机号"][0]);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("两")]
    [InlineData("")]
    [InlineData("1001")]
    public void Packages_must_be_a_whole_number_from_one(string packages)
    {
        var list = RecipientRules.Check(Guid.NewGuid(), Guid.NewGuid(), [Row(2, packages: packages)]);
        Assert.Equal(["row 2: 份数"], list.Error!.Fields!.Keys);
    }

    [Fact]
    public void Bad_names_mobiles_and_addresses_are_each_named()
    {
        var list = RecipientRules.Check(Guid.NewGuid(), Guid.NewGuid(), [Row(2, mobile: "12800138000", name: "", address: " ")]);
        Assert.Equal(["row 2: 姓名", "row 2: 手机号", "row 2: 详细地址"], list.Error!.Fields!.Keys.Order());
    }

    [Fact]
    public void More_than_the_row_limit_is_refused_for_the_file()
    {
        var rows = Enumerable.Range(0, RecipientRules.MaxRows + 1).Select(i => Row(i + 2, $"13{i:D9}")).ToList();
        Assert.Equal(["file"], RecipientRules.Check(Guid.NewGuid(), Guid.NewGuid(), rows).Error!.Fields!.Keys);
    }

    [Fact]
    public void A_purchase_list_line_is_priced_at_the_tier_the_whole_order_reaches()
    {
        var line = new PurchaseListLine(Guid.NewGuid(), "BH-1", "500g", Guid.NewGuid(), "兰州百合", 2, 39.90m,
            [new Core.Catalog.TierPrice(500, 33.50m), new Core.Catalog.TierPrice(100, 36.00m)], 10, 1000, true, true);
        Assert.Equal(39.90m, line.UnitPriceFor(49));   // 98 units
        Assert.Equal(36.00m, line.UnitPriceFor(50));   // 100 units
        Assert.Equal(33.50m, line.UnitPriceFor(250));  // 500 units
        Assert.Equal(16_750.00m, line.AmountFor(250));
    }

    [Fact]
    public void Dashboard_mobiles_are_masked()
    {
        Assert.Equal("138****8000", UnionDashboard.Mask("13800138000"));
    }
}
