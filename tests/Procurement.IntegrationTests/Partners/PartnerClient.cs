using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Procurement.Core.Common;
using Procurement.Core.Partners;

namespace Procurement.IntegrationTests.Partners;

/// <summary>What a partner platform does to us in a test: signed pushes; and what finance does with its statements.</summary>
public static class PartnerClient
{
    public static Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string body, string secret)
    {
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Partner-Timestamp", ts);
        request.Headers.Add("X-Partner-Signature", PartnerSignature.Sign(secret, ts, Encoding.UTF8.GetBytes(body)));
        return client.SendAsync(request);
    }

    /// <summary>Pushes an order placed at <paramref name="placedAt"/> and, when given, a refund of it; answers our number.</summary>
    public static async Task<string> PushAsync(HttpClient client, string partner, string secret, string number, string skuCode, decimal paid, DateTimeOffset placedAt,
        decimal refund = 0m, string status = "Completed")
    {
        var body = JsonSerializer.Serialize(new
        {
            partnerOrderNo = number, placedAt, buyerName = "苏州市总工会",
            lines = new[] { new { skuCode, quantity = 1, unitPrice = paid } },
            recipient = new { name = "张三", phone = "13800138000", province = "江苏省", city = "苏州市", district = "姑苏区", address = "人民路 100 号" },
            paidAmount = paid, status,
        });
        var response = await SendAsync(client, $"/api/v1/partners/{partner}/orders", body, secret);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var ours = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
        if (refund > 0)
        {
            var refunded = await SendAsync(client, $"/api/v1/partners/{partner}/orders/{PartnerCodes.OrderKey(number)}/refunds",
                JsonSerializer.Serialize(new { partnerOrderNo = number, amount = refund, refundedAt = placedAt.AddMinutes(5) }), secret);
            Assert.True(refunded.IsSuccessStatusCode, await refunded.Content.ReadAsStringAsync());
        }
        return ours;
    }

    /// <summary>A Beijing wall-clock time on <paramref name="date"/>, as an instant.</summary>
    public static DateTimeOffset Beijing(DateOnly date, int hour, int minute) => BusinessDate.StartOf(date).AddHours(hour).AddMinutes(minute);

    public static Task<HttpResponseMessage> UploadAsync(HttpClient finance, string partner, DateOnly date, byte[] file, string name) =>
        finance.PostAsync("/api/v1/finance/reconciliation/statements", new MultipartFormDataContent
        {
            { new StringContent(partner), "partnerCode" },
            { new StringContent(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), "date" },
            { new ByteArrayContent(file), "file", name },
        });

    /// <summary>Starts a run and waits for its job to end; answers the run.</summary>
    public static async Task<JsonElement> ReconcileAsync(HttpClient finance, string partner, DateOnly date)
    {
        var started = await finance.PostAsJsonAsync("/api/v1/finance/reconciliation/runs", new { partnerCode = partner, date = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        Assert.Equal(System.Net.HttpStatusCode.Accepted, started.StatusCode);
        var runId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetInt64();
        return await WaitAsync(finance, runId);
    }

    public static async Task<JsonElement> WaitAsync(HttpClient finance, long runId)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var run = await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/reconciliation/runs/{runId}");
            if (run.GetProperty("status").GetString() is "Succeeded" or "Failed" || DateTime.UtcNow > until)
            {
                return run;
            }
            await Task.Delay(100);
        }
    }

    public static byte[] Gb18030(string text)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030").GetBytes(text);
    }
}
