using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using static Procurement.IntegrationTests.Catalog.Listings.TestXlsx;

namespace Procurement.IntegrationTests.Catalog.Listings;

/// <summary>Bulk stock imports through the HTTP pipeline: formats, encodings, headers, and all-or-nothing with every bad row named.</summary>
public sealed class StockImportApiTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    static StockImportApiTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private sealed record Setup(SupplierScenario Supplier, Guid ProductId, string Walnut, string GiftBox);

    private async Task<Setup> ArrangeAsync()
    {
        var supplier = await SupplierScenario.CreateAsync(app);
        var (walnut, giftBox) = (SupplierScenario.Code(), SupplierScenario.Code());
        var product = await supplier.CreateAsync(SupplierScenario.Product("成县核桃", walnut, giftBox));
        return new Setup(supplier, product.GetProperty("id").GetGuid(), walnut, giftBox);
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] content, string fileName)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".xlsx", StringComparison.Ordinal)
            ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv");
        form.Add(file, "file", fileName);
        return client.PostAsync("/api/v1/supplier/stock-imports", form);
    }

    private async Task<Dictionary<string, (int Stock, decimal Price)>> SkusAsync(Setup setup)
    {
        var product = await setup.Supplier.Client.GetFromJsonAsync<JsonElement>($"/api/v1/supplier/products/{setup.ProductId}");
        return product.GetProperty("skus").EnumerateArray().ToDictionary(
            s => s.GetProperty("code").GetString()!, s => (s.GetProperty("stock").GetInt32(), s.GetProperty("price").GetDecimal()));
    }

    [Fact]
    public async Task A_utf8_csv_with_bom_updates_stock_and_price_and_a_blank_price_keeps_it()
    {
        var setup = await ArrangeAsync();
        var csv = $"\uFEFFsku_code,stock,price\r\n{setup.Walnut},120,39.90\r\n\r\n{setup.GiftBox},8,\r\n";

        var response = await UploadAsync(setup.Supplier.Client, Encoding.UTF8.GetBytes(csv), "stock.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("updated").GetInt32());
        var skus = await SkusAsync(setup);
        Assert.Equal((120, 39.90m), skus[setup.Walnut]);
        Assert.Equal((8, 88m), skus[setup.GiftBox]);
    }

    [Fact]
    public async Task A_gb18030_csv_with_chinese_headers_as_chinese_excel_saves_it()
    {
        var setup = await ArrangeAsync();
        var csv = $"规格编码,库存,单价,备注\r\n{setup.Walnut},66,35.5,春节备货\r\n";

        var response = await UploadAsync(setup.Supplier.Client, Encoding.GetEncoding("GB18030").GetBytes(csv), "库存.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((66, 35.5m), (await SkusAsync(setup))[setup.Walnut]);
    }

    [Fact]
    public async Task Every_bad_row_is_named_and_nothing_is_written()
    {
        var setup = await ArrangeAsync();
        var csv = string.Join("\r\n",
            "sku_code,stock,price",
            $"{setup.Walnut},100,36",    // row 2: fine, but must not be applied
            "NO-SUCH-SKU,5,10",          // row 3
            $"{setup.GiftBox},12.5,88",  // row 4
            $"{setup.Walnut},7,36",      // row 5: duplicate of row 2
            $"{setup.GiftBox},-3,1.234", // row 6
            $"{setup.GiftBox},abc,",     // row 7
            ",3,2");                     // row 8

        var response = await UploadAsync(setup.Supplier.Client, Encoding.UTF8.GetBytes(csv), "stock.csv");

        var problem = await response.IsValidationProblemAsync(
            "row 3: sku_code", "row 4: stock", "row 5: sku_code", "row 6: stock", "row 6: price", "row 7: stock", "row 8: sku_code");
        Assert.False(problem.GetProperty("errors").TryGetProperty("row 2: stock", out _));
        Assert.Contains("6", problem.GetProperty("detail").GetString());
        var skus = await SkusAsync(setup);
        Assert.Equal((500, 36m), skus[setup.Walnut]);
        Assert.Equal((500, 88m), skus[setup.GiftBox]);
    }

    [Fact]
    public async Task A_price_below_the_skus_tier_price_is_refused()
    {
        var setup = await ArrangeAsync();
        var response = await UploadAsync(setup.Supplier.Client, Encoding.UTF8.GetBytes($"sku_code,stock,price\n{setup.Walnut},10,29.99\n"), "stock.csv");
        await response.IsValidationProblemAsync("row 2: price");
    }

    [Theory]
    [InlineData("code,qty\nA,1\n")]
    [InlineData("商品,数量,价格\nA,1,2\n")]
    public async Task A_wrong_header_is_refused(string csv)
    {
        var setup = await ArrangeAsync();
        var problem = await (await UploadAsync(setup.Supplier.Client, Encoding.UTF8.GetBytes(csv), "stock.csv")).IsValidationProblemAsync("file");
        Assert.Contains("sku_code,stock,price", problem.GetProperty("errors").GetProperty("file")[0].GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("\uFEFF")]
    [InlineData("\r\n\r\n")]
    [InlineData("sku_code,stock,price\r\n")]
    public async Task An_empty_file_or_a_header_alone_is_refused(string csv)
    {
        var setup = await ArrangeAsync();
        await (await UploadAsync(setup.Supplier.Client, Encoding.UTF8.GetBytes(csv), "stock.csv")).IsValidationProblemAsync("file");
    }

    [Fact]
    public async Task More_than_50000_rows_are_refused_as_a_whole()
    {
        var setup = await ArrangeAsync();
        var csv = new StringBuilder("sku_code,stock,price\n");
        for (var i = 0; i <= 50_000; i++)
        {
            csv.Append(setup.Walnut).Append(",1,\n");
        }

        var problem = await (await UploadAsync(setup.Supplier.Client, Encoding.UTF8.GetBytes(csv.ToString()), "stock.csv")).IsValidationProblemAsync("file");

        Assert.Contains("50000", problem.GetProperty("errors").GetProperty("file")[0].GetString());
        Assert.Equal(500, (await SkusAsync(setup))[setup.Walnut].Stock);
    }

    [Fact]
    public async Task No_file_at_all_is_refused()
    {
        var setup = await ArrangeAsync();
        await (await setup.Supplier.Client.PostAsync("/api/v1/supplier/stock-imports", new MultipartFormDataContent { { new StringContent("x"), "other" } }))
            .IsValidationProblemAsync("file");
    }

    [Fact]
    public async Task An_xlsx_is_read_from_its_first_sheet_with_formulas_as_their_values()
    {
        var setup = await ArrangeAsync();
        var xlsx = Build(
            [
                [Str("sku_code"), Str("stock"), Str("price")],
                [Str(setup.Walnut), Formula("40*3", 120), Num(39.9)],
                [],
                [Str(setup.GiftBox), Num(15), Formula("ROUND(87.456,2)", 87.46)],
            ],
            [
                [Str("sku_code"), Str("stock"), Str("price")],
                [Str(setup.Walnut), Num(999999), Num(1)],
            ]);

        var response = await UploadAsync(setup.Supplier.Client, xlsx, "stock.xlsx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var skus = await SkusAsync(setup);
        Assert.Equal((120, 39.9m), skus[setup.Walnut]);
        Assert.Equal((15, 87.46m), skus[setup.GiftBox]);
    }

    [Fact]
    public async Task Xlsx_rows_are_numbered_as_excel_shows_them()
    {
        var setup = await ArrangeAsync();
        var xlsx = Build([[Str("sku_code"), Str("stock"), Str("price")], [Str(setup.Walnut), Num(1), Num(36)], [], [Str(setup.GiftBox), Num(2.5), Num(88)]]);

        await (await UploadAsync(setup.Supplier.Client, xlsx, "stock.xlsx")).IsValidationProblemAsync("row 4: stock");
    }

    [Fact]
    public async Task A_file_that_is_not_a_sheet_is_refused()
    {
        var setup = await ArrangeAsync();
        // A JPEG renamed .xlsx, and an old binary .xls.
        await (await UploadAsync(setup.Supplier.Client, [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0x4A, 0x46], "stock.xlsx")).IsValidationProblemAsync("file");
        await (await UploadAsync(setup.Supplier.Client, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "stock.xls")).IsValidationProblemAsync("file");
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("xlsx")]
    public async Task The_template_lists_the_suppliers_skus_and_imports_back_unchanged(string format)
    {
        var setup = await ArrangeAsync();

        var template = await setup.Supplier.Client.GetAsync($"/api/v1/supplier/stock-imports/template?format={format}");
        Assert.Equal(HttpStatusCode.OK, template.StatusCode);
        var bytes = await template.Content.ReadAsByteArrayAsync();
        if (format == "csv")
        {
            var text = Encoding.UTF8.GetString(bytes);
            Assert.StartsWith("\uFEFFsku_code,stock,price", text);
            Assert.Contains($"{setup.Walnut},500,36.00", text);
        }

        var response = await UploadAsync(setup.Supplier.Client, bytes, $"stock.{format}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((2, 0), (summary.GetProperty("rows").GetInt32(), summary.GetProperty("updated").GetInt32()));
    }

    [Fact]
    public async Task Another_suppliers_codes_are_unknown_here()
    {
        var setup = await ArrangeAsync();
        var other = await SupplierScenario.CreateAsync(app, "康县黑木耳种植专业合作社");

        var response = await UploadAsync(other.Client, Encoding.UTF8.GetBytes($"sku_code,stock,price\n{setup.Walnut},1,\n"), "stock.csv");

        await response.IsValidationProblemAsync("row 2: sku_code");
        Assert.Equal(500, (await SkusAsync(setup))[setup.Walnut].Stock);
    }

    [Fact]
    public async Task A_small_file_of_huge_repeated_cells_gets_a_small_answer()
    {
        // 5,000 rows whose cells all point at one 30,000-character shared string: once a 900 MB answer.
        var setup = await ArrangeAsync();
        var rows = new List<TestXlsx.Cell[]> { new[] { TestXlsx.Str("sku_code"), TestXlsx.Str("stock"), TestXlsx.Str("price") } };
        rows.AddRange(Enumerable.Range(0, 5000).Select(_ => new[] { TestXlsx.SharedRef(0), TestXlsx.SharedRef(0), TestXlsx.SharedRef(0) }));
        var file = TestXlsx.BuildWithSharedStrings([new string('9', 30_000)], rows.ToArray());

        var response = await UploadAsync(setup.Supplier.Client, file, "stock.xlsx");
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(body.Length < 200_000, $"answer of {body.Length} characters");
        var problem = await response.IsProblemAsync(HttpStatusCode.BadRequest, "validation");
        var errors = problem.GetProperty("errors");
        var listedRows = errors.EnumerateObject().Where(e => e.Name.StartsWith("row ", StringComparison.Ordinal))
            .Select(e => e.Name[..e.Name.IndexOf(':', StringComparison.Ordinal)]).Distinct().Count();
        Assert.Equal(200, listedRows);
        Assert.Contains("4800", errors.GetProperty("file")[0].GetString());
        Assert.Contains("5000", problem.GetProperty("detail").GetString());
        Assert.All(errors.EnumerateObject().SelectMany(e => e.Value.EnumerateArray()), m => Assert.True(m.GetString()!.Length < 200, m.GetString()));
    }

    [Fact]
    public async Task Sku_codes_match_whatever_their_case_in_the_sheet()
    {
        var setup = await ArrangeAsync();
        var csv = $"sku_code,stock,price\n{setup.Walnut.ToLowerInvariant()},7,\n";

        var response = await UploadAsync(setup.Supplier.Client, Encoding.UTF8.GetBytes(csv), "stock.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(7, (await SkusAsync(setup))[setup.Walnut].Stock);
    }

    [Fact]
    public async Task A_tiny_xlsx_of_100000_rows_with_one_empty_cell_in_column_xfd_is_refused_within_2_seconds_naming_the_limit()
    {
        var setup = await ArrangeAsync();
        var hostile = BlankRowsInLastColumn(["sku_code", "stock", "price"], 100_000);
        Assert.True(hostile.Length < 20_000, $"{hostile.Length} bytes");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var response = await UploadAsync(setup.Supplier.Client, hostile, "stock.xlsx");
        var elapsed = clock.Elapsed;

        var problem = await response.IsValidationProblemAsync("file");
        Assert.Contains("50000", problem.GetProperty("errors").GetProperty("file")[0].GetString(), StringComparison.Ordinal);
        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"answered in {elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Blank_csv_lines_count_against_the_row_limit()
    {
        var setup = await ArrangeAsync();
        var csv = new StringBuilder($"sku_code,stock,price\n{setup.Walnut},7,\n");
        csv.Insert(csv.Length, ",,\n", 50_000);

        var problem = await (await UploadAsync(setup.Supplier.Client, Encoding.UTF8.GetBytes(csv.ToString()), "stock.csv")).IsValidationProblemAsync("file");

        Assert.Contains("50000", problem.GetProperty("errors").GetProperty("file")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(500, (await SkusAsync(setup))[setup.Walnut].Stock);
    }
}

/// <summary>The set-based stock write on the real database: versions are checked, and a stale one writes nothing.</summary>
public sealed class StockWriteTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    [Fact]
    public async Task A_sku_changed_since_it_was_read_fails_the_whole_write()
    {
        var supplier = await SupplierScenario.CreateAsync(app);
        var product = await supplier.CreateAsync(SupplierScenario.Product("成县核桃", SupplierScenario.Code(), SupplierScenario.Code()));
        var (first, second) = (product.GetProperty("skus")[0].GetProperty("id").GetGuid(), product.GetProperty("skus")[1].GetProperty("id").GetGuid());
        var productId = product.GetProperty("id").GetGuid();

        var error = await app.WithScopeAsync(async sp =>
        {
            var store = sp.GetRequiredService<Core.Catalog.Listings.IListingStore>();
            var skus = await store.SupplierSkusAsync(supplier.SupplierId, CancellationToken.None);
            // Someone sets the second SKU's stock after the import read it.
            await supplier.Client.PutAsJsonAsync($"/api/v1/supplier/skus/{second}/stock", new { stock = 9 });
            return await store.ApplyStockAsync(supplier.SupplierId, skus.Select(s => new Core.Catalog.Listings.StockChange(s.Id, productId, s.Version, 1, s.Price)).ToList(), CancellationToken.None);
        });

        Assert.Equal(Core.Common.ErrorKind.Conflict, error?.Kind);
        var after = await supplier.Client.GetFromJsonAsync<JsonElement>($"/api/v1/supplier/products/{productId}");
        var stock = after.GetProperty("skus").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetGuid(), s => s.GetProperty("stock").GetInt32());
        Assert.Equal(500, stock[first]);
        Assert.Equal(9, stock[second]);
    }

    [Fact]
    public async Task A_stale_sku_in_a_later_statement_undoes_the_statements_before_it()
    {
        // 80 SKUs over two products: more than one statement's rows, with the stale SKU written last.
        var supplier = await SupplierScenario.CreateAsync(app, "两当狼牙蜜合作社");
        var products = new List<JsonElement>();
        for (var p = 0; p < 2; p++)
        {
            products.Add(await supplier.CreateAsync(SupplierScenario.Product($"两当狼牙蜜 {p}", Enumerable.Range(0, 40).Select(_ => SupplierScenario.Code()).ToArray())));
        }
        var last = products[1].GetProperty("skus")[39].GetProperty("id").GetGuid();

        var error = await app.WithScopeAsync(async sp =>
        {
            var store = sp.GetRequiredService<Core.Catalog.Listings.IListingStore>();
            var skus = (await store.SupplierSkusAsync(supplier.SupplierId, CancellationToken.None)).OrderBy(s => s.Id == last).ToList();
            await supplier.Client.PutAsJsonAsync($"/api/v1/supplier/skus/{last}/stock", new { stock = 9 });
            return await store.ApplyStockAsync(supplier.SupplierId, skus.Select(s => new Core.Catalog.Listings.StockChange(s.Id, s.ProductId, s.Version, 1, s.Price)).ToList(), CancellationToken.None);
        });

        Assert.Equal(Core.Common.ErrorKind.Conflict, error?.Kind);
        var stocks = new List<int>();
        foreach (var product in products)
        {
            var after = await supplier.Client.GetFromJsonAsync<JsonElement>($"/api/v1/supplier/products/{product.GetProperty("id").GetGuid()}");
            stocks.AddRange(after.GetProperty("skus").EnumerateArray().Select(s => s.GetProperty("stock").GetInt32()));
        }
        Assert.Equal(79, stocks.Count(s => s == 500));
        Assert.Equal(9, Assert.Single(stocks, s => s != 500));
    }
}
