using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Identity;
using Storefront.Core.Notifications;
using Storefront.Tests.Infrastructure;
using Storefront.Tests.Inventory;

namespace Storefront.Tests.Admin;

/// <summary>The inventory API for ERP and warehouse systems: bearer keys, JSON shapes, problem+json for bad input.</summary>
public sealed class ApiInventory(StorefrontHost host) : InventoryTestBase(host)
{
    private const string Bootstrap = "bootstrap-key-for-tests-0123456789";

    protected override Task<StorefrontOptions> OptionsAsync() => Task.FromResult(new StorefrontOptions
    {
        Settings = new Dictionary<string, string?> { ["AdminApi:BootstrapKey"] = Bootstrap },
    });

    private HttpClient Client(string? key = Bootstrap)
    {
        var client = App.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return client;
    }

    [Fact]
    public async Task NoKeyIs401WithBearerChallenge()
    {
        await App.Data().Product("API-1").SaveAsync();
        var response = await Client(null).GetAsync("/api/admin/products/API-1/stock");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task WrongKeyIs401()
    {
        await App.Data().Product("API-1").SaveAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client("sfk_not-a-real-key").GetAsync("/api/admin/products/API-1/stock")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client(Bootstrap + "x").GetAsync("/api/admin/products/API-1/stock")).StatusCode);
    }

    [Fact]
    public async Task BootstrapKeyReadsStock()
    {
        await App.Data().Product("API-2").OnHand(12).Allocated(5).Backordered(3).Backorderable().RestockExpected(Today.AddDays(9)).SaveAsync();
        var json = await GetJsonAsync(Client(), "/api/admin/products/API-2/stock");
        Assert.Equal("""{"sku":"API-2","onHand":12,"allocated":5,"available":7,"backordered":3}""", json.GetRawText());
    }

    [Fact]
    public async Task CreatedKeyWorksAndRevokedKeyFails()
    {
        await App.Data().Product("API-3").SaveAsync();
        var created = await WithAsync(s => s.GetRequiredService<ApiKeys>().CreateAsync("WMS", "admin@example.test"));
        var stored = await App.WithDbAsync(db => db.ApiKeys.AsNoTracking().SingleAsync());
        Assert.NotEqual(created.Secret, stored.Hash);
        Assert.StartsWith(stored.Prefix, created.Secret, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await Client(created.Secret).GetAsync("/api/admin/products/API-3/stock")).StatusCode);
        Assert.True(await WithAsync(s => s.GetRequiredService<ApiKeys>().RevokeAsync(created.Key.Id, "admin@example.test")));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client(created.Secret).GetAsync("/api/admin/products/API-3/stock")).StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/admin/products/NOPE/stock", null)]
    [InlineData("POST", "/api/admin/products/NOPE/adjustments", """{"quantity":1,"reason":"count"}""")]
    [InlineData("POST", "/api/admin/products/NOPE/receipts", """{"quantity":1}""")]
    [InlineData("PUT", "/api/admin/products/NOPE/restock-date", """{"date":"2027-06-01"}""")]
    [InlineData("GET", "/api/admin/backorders?sku=NOPE", null)]
    public async Task UnknownSkuIs404Problem(string method, string url, string? body)
    {
        var response = await SendAsync(Client(), method, url, body);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("POST", "adjustments", """{"quantity":""")]
    [InlineData("POST", "adjustments", """{"quantity":"many","reason":"x"}""")]
    [InlineData("POST", "adjustments", """{"quantity":0,"reason":"count"}""")]
    [InlineData("POST", "adjustments", """{"quantity":3}""")]
    [InlineData("POST", "adjustments", """{"quantity":3,"reason":"  "}""")]
    [InlineData("POST", "adjustments", "")]
    [InlineData("POST", "receipts", """{"quantity":-4}""")]
    [InlineData("POST", "receipts", """{"quantity":0}""")]
    [InlineData("POST", "receipts", "[1,2")]
    [InlineData("PUT", "restock-date", """{"date":"01/06/2027"}""")]
    [InlineData("PUT", "restock-date", """{"date":"2027-02-30"}""")]
    [InlineData("PUT", "restock-date", """{"date":"2020-01-01"}""")]
    [InlineData("PUT", "restock-date", """{}""")]
    [InlineData("PUT", "restock-date", """{"date":20270601}""")]
    [InlineData("PUT", "restock-date", """{"date":"2027-06-01","note":42}""")]
    public async Task BadInputIs400Problem(string method, string action, string body)
    {
        await App.Data().Product("API-4").SaveAsync();
        var response = await SendAsync(Client(), method, $"/api/admin/products/API-4/{action}", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task ATooLongRestockNoteIs400NamingTheFieldAndCode()
    {
        await App.Data().Product("API-4").SaveAsync();
        var body = JsonSerializer.Serialize(new { date = "2027-06-01", note = new string('n', 501) });

        var response = await SendAsync(Client(), "PUT", "/api/admin/products/API-4/restock-date", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(("note", "too-long"), (problem.GetProperty("field").GetString(), problem.GetProperty("code").GetString()));
    }

    // Reproduction: PUT {"date":"9999-12-31"} answered 200 and promised every backorder "by 31 December 9999".
    [Theory]
    [InlineData("9999-12-31")]
    [InlineData("2032-03-02")]
    public async Task ARestockDateBeyondFiveYearsIs400NamingTheField_AndChangesNothing(string date)
    {
        var product = await App.Data().Product("API-10").OutOfStock().Backorderable().RestockExpected(Today.AddDays(9), "As planned").SaveAsync();

        var response = await SendAsync(Client(), "PUT", "/api/admin/products/API-10/restock-date", $$"""{"date":"{{date}}"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(("date", "out-of-range"), (problem.GetProperty("field").GetString(), problem.GetProperty("code").GetString()));
        Assert.Contains("more than 5 years away", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var after = await App.WithDbAsync(db => db.Products.AsNoTracking().SingleAsync(p => p.Id == product.Id));
        Assert.Equal((Today.AddDays(9), "As planned", product.Version), (after.RestockDate!.Value, after.RestockNote!, after.Version));
    }

    // Reproduction: a PUT with a date and no note wiped the note staff had written.
    [Fact]
    public async Task ARestockDateWithoutANote_KeepsTheNote_AndNullClearsEither()
    {
        var product = await App.Data().Product("API-11").OutOfStock().Backorderable().RestockExpected(Today.AddDays(9), "Container delayed").SaveAsync();
        Task<(DateOnly?, string?)> StoredAsync() => App.WithDbAsync(db => db.Products.Where(p => p.Id == product.Id).Select(p => ValueTuple.Create(p.RestockDate, p.RestockNote)).SingleAsync());

        var kept = await SendJsonAsync(Client(), "PUT", "/api/admin/products/API-11/restock-date", """{"date":"2027-04-01"}""");
        Assert.Equal(("2027-04-01", "Container delayed"), (kept.GetProperty("restockDate").GetString(), kept.GetProperty("note").GetString()));
        Assert.Equal((new DateOnly(2027, 4, 1), "Container delayed"), await StoredAsync());

        var noteCleared = await SendJsonAsync(Client(), "PUT", "/api/admin/products/API-11/restock-date", """{"date":"2027-04-01","note":null}""");
        Assert.Equal(JsonValueKind.Null, noteCleared.GetProperty("note").ValueKind);
        Assert.Equal((new DateOnly(2027, 4, 1), (string?)null), await StoredAsync());

        var dateCleared = await SendJsonAsync(Client(), "PUT", "/api/admin/products/API-11/restock-date", """{"date":null,"note":"No date from the supplier yet"}""");
        Assert.Equal(JsonValueKind.Null, dateCleared.GetProperty("restockDate").ValueKind);
        Assert.Equal(((DateOnly?)null, "No date from the supplier yet"), await StoredAsync());
    }

    [Fact]
    public async Task AdjustmentReturnsTheStockAndServesBackordersFirst()
    {
        var product = await App.Data().Product("API-5").OutOfStock().Backorderable().RestockExpected(Today.AddDays(9)).SaveAsync();
        await PlacePaidOrderAsync(product.Id, 2);

        var json = await SendJsonAsync(Client(), "POST", "/api/admin/products/API-5/adjustments", """{"quantity":5,"reason":"Found in aisle 4"}""");

        Assert.Equal("""{"sku":"API-5","onHand":5,"allocated":2,"available":3,"backordered":0}""", json.GetRawText());
        var ledger = await App.WithDbAsync(db => db.StockLedger.AsNoTracking().SingleAsync(e => e.ProductId == product.Id));
        Assert.Equal(("Found in aisle 4", "api:bootstrap"), (ledger.Reason, ledger.Actor));
    }

    [Fact]
    public async Task AdjustmentBelowAllocatedIs409()
    {
        await App.Data().Product("API-6").OnHand(5).Allocated(4).SaveAsync();
        var response = await SendAsync(Client(), "POST", "/api/admin/products/API-6/adjustments", """{"quantity":-2,"reason":"Damaged"}""");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task ReceiptFillsOldestFirstAndReturnsFilledOrdersAndStock()
    {
        var product = await App.Data().Product("API-7").OutOfStock().Backorderable().RestockExpected(Today.AddDays(9)).SaveAsync();
        var first = await PlacePaidOrderAsync(product.Id, 2);
        var second = await PlacePaidOrderAsync(product.Id, 3);

        var json = await SendJsonAsync(Client(), "POST", "/api/admin/products/API-7/receipts", """{"quantity":4,"reference":"ASN-77"}""");

        Assert.Equal(
            $$$"""{"sku":"API-7","received":4,"filled":[{"orderNumber":"{{{first.Number}}}","quantity":2},{"orderNumber":"{{{second.Number}}}","quantity":2}],"stock":{"sku":"API-7","onHand":4,"allocated":4,"available":0,"backordered":1}}""",
            json.GetRawText());
    }

    [Fact]
    public async Task RestockDateSetsTheDateAndRecomputesEtas()
    {
        var product = await App.Data().Product("API-8").OutOfStock().Backorderable().RestockExpected(Today.AddDays(9)).SaveAsync();
        await PlacePaidOrderAsync(product.Id, 2);

        var json = await SendJsonAsync(Client(), "PUT", "/api/admin/products/API-8/restock-date", """{"date":"2027-04-01","note":"Supplier confirmed"}""");

        Assert.Equal("2027-04-01", json.GetProperty("restockDate").GetString());
        Assert.Equal(1, json.GetProperty("etasChanged").GetInt32());
        var line = Assert.Single(await BackorderLinesAsync(product.Id));
        Assert.Equal(new DateOnly(2027, 4, 3), line.CurrentEta);
        Assert.Equal("api:bootstrap", Assert.Single(line.EtaChanges).ChangedBy);
    }

    [Fact]
    public async Task BackordersListsOpenLinesWithPositionsAndEtas()
    {
        var product = await App.Data().Product("API-9").OutOfStock().Backorderable().WithDelivery(Today.AddDays(5), 2).RestockExpected(Today.AddDays(20)).SaveAsync();
        var first = await PlacePaidOrderAsync(product.Id, 2);
        var second = await PlacePaidOrderAsync(product.Id, 3);

        var json = await GetJsonAsync(Client(), "/api/admin/backorders?sku=API-9");

        var items = json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.Equal((first.Number, "API-9", 2, 2, "2027-03-08", "2027-03-08"),
            (items[0].GetProperty("orderNumber").GetString(), items[0].GetProperty("sku").GetString(), items[0].GetProperty("quantity").GetInt32(),
             items[0].GetProperty("position").GetInt32(), items[0].GetProperty("eta").GetString(), items[0].GetProperty("promisedEta").GetString()));
        Assert.Equal((second.Number, 5, "2027-03-23"), (items[1].GetProperty("orderNumber").GetString(), items[1].GetProperty("position").GetInt32(), items[1].GetProperty("eta").GetString()));
        Assert.True(items[1].TryGetProperty("placedAt", out _));
        var all = await GetJsonAsync(Client(), "/api/admin/backorders");
        Assert.Equal(2, all.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task CreatingADeliveryWithASupplierName_FindsOrAddsTheSupplier_AndAnswers201WithTheDelivery()
    {
        var product = await App.Data().Product("API-20").SaveAsync();

        var response = await SendAsync(Client(), "POST", "/api/admin/deliveries",
            """{"sku":"API-20","quantity":12,"expectedDate":"2027-03-20","supplier":"  Acme Tools ","reference":"PO-881"}""");
        var again = await SendAsync(Client(), "POST", "/api/admin/deliveries", """{"sku":"API-20","quantity":3,"expectedDate":"2027-04-02","supplier":"ACME TOOLS"}""");

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.StatusCode}: {text}");
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        var supplier = await App.WithDbAsync(db => db.Suppliers.AsNoTracking().SingleAsync());
        var delivery = await App.WithDbAsync(db => db.InboundDeliveries.AsNoTracking().OrderBy(d => d.Id).FirstAsync(d => d.ProductId == product.Id));
        Assert.Equal(("Acme Tools", supplier.Id, "PO-881"), (supplier.Name, delivery.SupplierId!.Value, delivery.SupplierReference));
        Assert.Equal(
            $$"""{"id":{{delivery.Id}},"sku":"API-20","quantity":12,"received":0,"expectedDate":"2027-03-20","supplier":"Acme Tools","reference":"PO-881","status":"Scheduled"}""",
            text);
        Assert.EndsWith($"/api/admin/deliveries/{delivery.Id}", response.Headers.Location?.OriginalString, StringComparison.Ordinal);

        var listed = await GetJsonAsync(Client(), "/api/admin/deliveries?sku=API-20");
        Assert.Equal(new[] { "2027-03-20", "2027-04-02" }, listed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("expectedDate").GetString()!).ToArray());
        Assert.All(listed.GetProperty("items").EnumerateArray(), i => Assert.Equal("Acme Tools", i.GetProperty("supplier").GetString()));
    }

    [Fact]
    public async Task MovingADeliveryLater_MovesTheBackordersCurrentEta_AndQueuesTheDelayEmail_AsTheAdminFormDoes()
    {
        var product = await App.Data().Product("API-21").OutOfStock().Backorderable().WithDelivery(Today.AddDays(5), 10).SaveAsync();
        var order = await PlacePaidOrderAsync(product.Id, 2);
        var before = Assert.Single(await BackorderLinesAsync(product.Id)).CurrentEta;
        var id = await DeliveryIdAsync(product.Id, Today.AddDays(5));

        var json = await SendJsonAsync(Client(), "PUT", $"/api/admin/deliveries/{id}", """{"expectedDate":"2027-03-26","reason":"Supplier moved it","supplier":"Late Freight"}""");

        Assert.Equal(("2027-03-26", 10, "Late Freight", "Scheduled"),
            (json.GetProperty("expectedDate").GetString(), json.GetProperty("quantity").GetInt32(), json.GetProperty("supplier").GetString(), json.GetProperty("status").GetString()));
        var line = Assert.Single(await BackorderLinesAsync(product.Id));
        Assert.True(line.CurrentEta > before, $"{line.CurrentEta} should be after {before}");
        Assert.Equal(new DateOnly(2027, 3, 28), line.CurrentEta);
        var change = Assert.Single(line.EtaChanges);
        Assert.Equal("api:bootstrap", change.ChangedBy);
        Assert.Contains("Supplier moved it", change.Reason, StringComparison.Ordinal);
        await App.WithDbAsync(async db => Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.Kind == MessageKinds.EtaChanged && m.OrderId == order.Id)));
    }

    [Theory]
    [InlineData("""{"sku":"API-22","quantity":-3,"expectedDate":"2027-03-20"}""")]
    [InlineData("""{"sku":"API-22","quantity":0,"expectedDate":"2027-03-20"}""")]
    [InlineData("""{"sku":"API-22","quantity":1000001,"expectedDate":"2027-03-20"}""")]
    [InlineData("""{"sku":"API-22","quantity":99999999999,"expectedDate":"2027-03-20"}""")]
    [InlineData("""{"sku":"API-22","quantity":"five","expectedDate":"2027-03-20"}""")]
    [InlineData("""{"sku":"API-22","expectedDate":"2027-03-20"}""")]
    [InlineData("""{"quantity":5,"expectedDate":"2027-03-20"}""")]
    [InlineData("""{"sku":"API-22","quantity":5}""")]
    [InlineData("""{"sku":"API-22","quantity":5,"expectedDate":"9999-12-31"}""")]
    [InlineData("""{"sku":"API-22","quantity":5,"expectedDate":"2020-01-01"}""")]
    [InlineData("""{"sku":"API-22","quantity":5,"expectedDate":"2027-02-30"}""")]
    [InlineData("""{"sku":"API-22","quantity":5,"expectedDate":"20/03/2027"}""")]
    [InlineData("""{"sku":"API-22","quantity":5,"expectedDate":20270320}""")]
    [InlineData("""{"sku":"API-22","quantity":5,"expectedDate":"2027-03-20","supplier":"LONG"}""")]
    [InlineData("""{"sku":"API-22","quantity":5,"expectedDate":"2027-03-20","reference":"LONG"}""")]
    [InlineData("""{"sku":"API-22","quantity":5,""")]
    [InlineData("")]
    public async Task ABadDeliveryIs400_AndNothingIsAdded(string body)
    {
        await App.Data().Product("API-22").SaveAsync();

        var response = await SendAsync(Client(), "POST", "/api/admin/deliveries", body.Replace("LONG", new string('s', 300), StringComparison.Ordinal));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        await App.WithDbAsync(async db => Assert.Equal((0, 0), (await db.InboundDeliveries.CountAsync(), await db.Suppliers.CountAsync())));
    }

    [Theory]
    [InlineData("""{"quantity":-1}""")]
    [InlineData("""{"quantity":0}""")]
    [InlineData("""{"quantity":1000001}""")]
    [InlineData("""{"expectedDate":"9999-12-31"}""")]
    [InlineData("""{"expectedDate":"2020-01-01"}""")]
    [InlineData("""{"expectedDate":"next week"}""")]
    [InlineData("""{"supplier":"LONG"}""")]
    [InlineData("""{"reason":"LONG"}""")]
    [InlineData("""{"quantity":""")]
    public async Task ABadDeliveryEditIs400_AndTheDeliveryAndEtasStayAsTheyWere(string body)
    {
        var product = await App.Data().Product("API-23").OutOfStock().Backorderable().WithDelivery(Today.AddDays(5), 10).SaveAsync();
        await PlacePaidOrderAsync(product.Id, 2);
        var id = await DeliveryIdAsync(product.Id, Today.AddDays(5));
        var before = Assert.Single(await BackorderLinesAsync(product.Id)).CurrentEta;

        var response = await SendAsync(Client(), "PUT", $"/api/admin/deliveries/{id}", body.Replace("LONG", new string('s', 300), StringComparison.Ordinal));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var after = await App.WithDbAsync(db => db.InboundDeliveries.AsNoTracking().SingleAsync(d => d.Id == id));
        Assert.Equal((10, Today.AddDays(5), (int?)null), (after.Quantity, after.ExpectedDate, after.SupplierId));
        var line = Assert.Single(await BackorderLinesAsync(product.Id));
        Assert.Equal((before, 0), (line.CurrentEta, line.EtaChanges.Count));
        await App.WithDbAsync(async db => Assert.Equal(0, await db.Suppliers.CountAsync()));
    }

    [Theory]
    [InlineData("POST", "/api/admin/deliveries", """{"sku":"NOPE","quantity":5,"expectedDate":"2027-03-20"}""")]
    [InlineData("PUT", "/api/admin/deliveries/987654", """{"quantity":5}""")]
    [InlineData("GET", "/api/admin/deliveries?sku=NOPE", null)]
    public async Task AnUnknownSkuOrDeliveryIs404(string method, string url, string? body)
    {
        await AssertProblemAsync(await SendAsync(Client(), method, url, body), HttpStatusCode.NotFound);
        await App.WithDbAsync(async db => Assert.Equal(0, await db.InboundDeliveries.CountAsync()));
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrEmpty(JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString()));
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string url, string? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        return await client.SendAsync(request);
    }

    private static async Task<JsonElement> SendJsonAsync(HttpClient client, string method, string url, string body)
    {
        var response = await SendAsync(client, method, url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {text}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>());
    }
}
