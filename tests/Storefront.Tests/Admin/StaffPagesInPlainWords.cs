using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Identity;
using Storefront.Core.Notifications;
using Storefront.Tests.Infrastructure;
using Storefront.Tests.Inventory;

namespace Storefront.Tests.Admin;

/// <summary>
/// Staff pages speak the shop's language and link what they list: the Outbox names each email's
/// purpose rather than its code name, the menu reaches every staff page (API keys too), order numbers
/// open their order wherever they are listed, and the stock page's check is in words.
/// </summary>
public sealed class StaffPagesInPlainWords(StorefrontHost host) : InventoryTestBase(host)
{
    private async Task<ShopperSession> StaffAsync()
    {
        var session = new ShopperSession(App);
        await session.SignInAsNewUserAsync(App, "words@example.test", Roles.Staff);
        return session;
    }

    [Fact]
    public async Task TheOutbox_NamesEachEmailsPurpose_NotItsCodeName()
    {
        await using (var scope = App.CreateScope())
        {
            var outboxService = scope.ServiceProvider.GetRequiredService<Outbox>();
            outboxService.Enqueue(MessageKinds.OrderConfirmed, "words@example.com", new MailContent("Your order", "<p>Thanks</p>", "Thanks"));
            await scope.ServiceProvider.GetRequiredService<Storefront.Core.Data.StorefrontDbContext>().SaveChangesAsync();
        }
        using var staff = await StaffAsync();
        var id = await App.WithDbAsync(db => db.OutboxMessages.Where(m => m.Kind == MessageKinds.OrderConfirmed).Select(m => m.Id).SingleAsync());

        var outbox = await staff.Client.GetStringAsync("/Admin/Outbox");
        var message = await staff.Client.GetStringAsync($"/Admin/Outbox/Message/{id}");

        Assert.Contains("Order confirmation", outbox, StringComparison.Ordinal);
        Assert.Contains("Order confirmation", message, StringComparison.Ordinal);
        Assert.DoesNotContain(">OrderConfirmed<", outbox, StringComparison.Ordinal);
        Assert.DoesNotContain(">OrderConfirmed<", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("OrderConfirmed", "Order confirmation")]
    [InlineData("back-in-stock-confirm", "Back-in-stock: confirm address")]
    [InlineData("SomethingNew", "Something new")]
    public void EveryKind_HasWordsForStaff(string kind, string words) => Assert.Equal(words, MessageKinds.Describe(kind));

    [Fact]
    public async Task TheMenu_ReachesTheApiKeysPage_AndOrderNumbersAreLinksOnTheQueue()
    {
        var product = await App.Data().Product("W-2").OutOfStock().Backorderable().RestockExpected(Today.AddDays(10)).SaveAsync();
        var order = await PlacePaidOrderAsync(product.Id, 1, "queue@example.com");
        using var staff = await StaffAsync();

        var queue = new HtmlParser().ParseDocument(await staff.Client.GetStringAsync("/Admin/Backorders"));

        Assert.Contains(queue.QuerySelectorAll("nav[aria-label=Admin] a"), a => a.GetAttribute("href") == "/Admin/ApiKeys" && a.TextContent == "API keys");
        Assert.Contains(queue.QuerySelectorAll("main a"), a => a.TextContent == order.Number && a.GetAttribute("href") == $"/Admin/Orders/Details/{order.Number}");
    }

    [Fact]
    public async Task TheStockPage_SaysInWordsWhetherTheHistoryAddsUp()
    {
        var product = await App.Data().Product("W-3").InStock(7).SaveAsync();
        using var staff = await StaffAsync();

        var page = await staff.Client.GetStringAsync($"/Admin/Products/Stock/{product.Id}");

        Assert.DoesNotContain("Ledger sums", page, StringComparison.Ordinal);
        Assert.Contains("Stock history adds up", page, StringComparison.Ordinal);
        var figures = new HtmlParser().ParseDocument(page).QuerySelector("#stock-figures")!;
        // Each term and its figure sit directly in a div child of the list (valid description-list markup).
        Assert.All(figures.Children, c => Assert.Equal(["DT", "DD"], c.Children.Select(e => e.TagName).ToArray()));
    }
}
