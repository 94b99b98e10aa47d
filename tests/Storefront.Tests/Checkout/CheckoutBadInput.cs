using System.Net;
using Microsoft.EntityFrameworkCore;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Checkout;

/// <summary>Bad input gets a clear message or a 4xx, never a 500, and never changes a row it should not.</summary>
public sealed class CheckoutBadInput(StorefrontHost host) : CheckoutTestBase(host)
{
    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("2147483647")]
    [InlineData("2147483648")]
    [InlineData("abc")]
    [InlineData("")]
    public async Task AddingAnImpossibleQuantity_SaysWhyAndChangesNothing(string quantity)
    {
        var product = await Data.Product("BAD-1").OnHand(5).SaveAsync();
        var before = await SnapshotAsync();

        var response = await Shopper.AddToCartAsync(product.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), quantity);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cart = await Shopper.Client.GetStringAsync("/Cart");
        Assert.Matches("(at least 1|at most 5)", cart);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Theory]
    [InlineData("999999")]
    [InlineData("-3")]
    [InlineData("x")]
    public async Task AddingAnUnknownProduct_Is404(string productId)
    {
        var before = await SnapshotAsync();
        var response = await Shopper.AddToCartAsync(productId, "1");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task ADiscontinuedProductWithNoStock_CannotBeAddedOrOrdered()
    {
        var product = await Data.Product("GONE-1").OutOfStock().Discontinued().SaveAsync();
        var before = await SnapshotAsync();

        var added = await Shopper.AddToCartAsync(product.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "1");
        var placed = await Shopper.PlaceOrderAsync(Guid.NewGuid().ToString("N"), [(product.Id, 1)]);

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Contains("can&#x27;t be ordered right now", await Shopper.Client.GetStringAsync("/Cart"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, placed.StatusCode);
        Assert.Contains("can&#x27;t be backordered", await placed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("2147483647")]
    [InlineData("abc")]
    public async Task CheckingOutAnImpossibleQuantity_ShowsTheFormAgainAndChangesNothing(string quantity)
    {
        var product = await Data.Product("BAD-2").OnHand(5).SaveAsync();
        var before = await SnapshotAsync();

        var response = await Shopper.PostAsync("/Checkout",
        [
            new("Input.CheckoutKey", Guid.NewGuid().ToString("N")), new("Input.Email", "a@example.com"), new("Input.Name", "A"),
            new("Input.Line1", "1 Road"), new("Input.City", "Town"), new("Input.PostalCode", "1"), new("Input.Country", "US"),
            new("Input.Lines[0].ProductId", product.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Input.Lines[0].Quantity", quantity),
        ]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("validation-summary-errors", html, StringComparison.Ordinal);
        // It said "a whole number from 1 to 10000", a bound no shopper can order up to (the most per order is far lower).
        Assert.DoesNotContain("10000", html, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync());
    }

    // Found from outside: the same product on two lines of 2147483647 overflowed the summed quantity: a 500.
    [Theory]
    [InlineData("2147483647", "2147483647")]
    [InlineData("10000", "10000")]
    public async Task DuplicateLinesWhoseQuantitiesAddUpPastAnyLimit_AreRefusedWithAMessage(string first, string second)
    {
        var product = await Data.Product("BAD-DUP").OnHand(5).SaveAsync();
        var id = product.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var before = await SnapshotAsync();

        var response = await Shopper.PostAsync("/Checkout",
        [
            new("Input.CheckoutKey", Guid.NewGuid().ToString("N")), new("Input.Email", "a@example.com"), new("Input.Name", "A"),
            new("Input.Line1", "1 Road"), new("Input.City", "Town"), new("Input.PostalCode", "1"), new("Input.Country", "US"),
            new("Input.Lines[0].ProductId", id), new("Input.Lines[0].Quantity", first),
            new("Input.Lines[1].ProductId", id), new("Input.Lines[1].Quantity", second),
        ]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("validation-summary-errors", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync());
    }

    // Found from outside: a checkbox posted as "yes" made the form's re-display throw (FormatException): a 500.
    [Theory]
    [InlineData("yes")]
    [InlineData("true,false,maybe")]
    public async Task ACheckboxPostedWithAValueThatIsNotTrueOrFalse_ShowsTheFormAgain(string value)
    {
        var product = await Data.Product("BAD-BOOL").OutOfStock().Backorderable().RestockExpected(Today.AddDays(9)).SaveAsync();
        var before = await SnapshotAsync();

        var response = await Shopper.PostAsync("/Checkout",
        [
            new("Input.CheckoutKey", Guid.NewGuid().ToString("N")), new("Input.Email", "a@example.com"), new("Input.Name", "A"),
            new("Input.Line1", "1 Road"), new("Input.City", "Town"), new("Input.PostalCode", "1"), new("Input.Country", "US"),
            new("Input.Lines[0].ProductId", product.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Input.Lines[0].Quantity", "1"), new("Input.AcceptBackorder", value),
        ]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("is not valid", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Theory]
    [InlineData("a,b@example.com")]
    [InlineData("a@b@example.com")]
    [InlineData("Ann <ann@example.com>")]
    [InlineData("ann@")]
    public async Task CheckingOutWithAnAddressTheMailerCannotSendTo_AsksAgainAndChangesNothing(string email)
    {
        // Found from outside: "a,b@example.com" was accepted, and the paid guest never got a confirmation.
        var product = await Data.Product("BAD-MAIL").OnHand(5).SaveAsync();
        var before = await SnapshotAsync();

        var response = await Shopper.PostAsync("/Checkout",
        [
            new("Input.CheckoutKey", Guid.NewGuid().ToString("N")), new("Input.Email", email), new("Input.Name", "A"),
            new("Input.Line1", "1 Road"), new("Input.City", "Town"), new("Input.PostalCode", "1"), new("Input.Country", "US"),
            new("Input.Lines[0].ProductId", product.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Input.Lines[0].Quantity", "1"),
        ]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("validation-summary-errors", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task PostedPricesAreIgnored_TheOrderIsChargedAtTheCatalogPrice()
    {
        var product = await Data.Product("PRICE-1").Priced(4999).OnHand(5).SaveAsync();

        var placed = await Shopper.PlaceOrderAsync(Guid.NewGuid().ToString("N"), [(product.Id, 2)], extra:
        [
            new("Input.Lines[0].Price", "1"), new("Input.Lines[0].UnitPrice", "1"), new("Price", "1"),
            new("UnitPrice", "1"), new("Input.Total", "1"), new("Input.ShippingAmount", "0"),
        ]);

        Assert.Equal(HttpStatusCode.Redirect, placed.StatusCode);
        await App.WithDbAsync(async db =>
        {
            var order = await db.Orders.Include(o => o.Lines).SingleAsync();
            Assert.Equal(4999, order.Lines.Single().UnitPriceAmount);
            Assert.Equal(2 * 4999 + 599, order.TotalAmount);
            Assert.Equal(order.TotalAmount, (await db.Payments.SingleAsync()).Amount);
        });
    }

    [Fact]
    public async Task APostWithoutAntiforgeryToken_Is400AndChangesNothing()
    {
        var product = await Data.Product("CSRF-1").OnHand(5).SaveAsync();
        var before = await SnapshotAsync();

        var add = await Shopper.PostAsync("/Cart?handler=Add", [new("productId", product.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("quantity", "1")], withToken: false);
        var checkout = await Shopper.PostAsync("/Checkout", [new("Input.CheckoutKey", "k"), new("Input.Lines[0].ProductId", "1"), new("Input.Lines[0].Quantity", "1")], withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, add.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, checkout.StatusCode);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task BackorderingWithoutAcceptingTheEta_IsRefusedAndHoldsNothing()
    {
        var product = await Data.Product("ACC-1").OutOfStock().Backorderable().RestockExpected(Today.AddDays(9)).SaveAsync();
        var before = await SnapshotAsync();

        var response = await Shopper.PlaceOrderAsync(Guid.NewGuid().ToString("N"), [(product.Id, 1)], acceptBackorder: false);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("accept the backorder date", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync());
    }
}
