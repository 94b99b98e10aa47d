using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Browser;

/// <summary>
/// The header's menus work without Bootstrap's script (shopper pages no longer load it; site.js opens
/// them): on a phone the menu button shows the navigation, and the Categories list opens, moves with the
/// arrow keys, and closes on Escape or a click elsewhere.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class HeaderMenus(BrowserFixture browser, StorefrontHost host) : IAsyncLifetime, IClassFixture<StorefrontHost>
{
    private StorefrontFactory _app = null!;

    public async Task InitializeAsync() =>
        _app = await host.AppForTestAsync(new StorefrontOptions { UseKestrel = true },
            new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 10, 0, 0, TimeSpan.Zero)));

    public Task DisposeAsync() => Task.CompletedTask;

    [BrowserFact]
    public async Task OnAPhone_TheMenuButtonShowsTheNavigation_AndCategoriesOpenAndClose()
    {
        var data = _app.Data();
        var kitchen = await data.CategoryAsync("Kitchen", "kitchen");
        await data.CategoryAsync("Garden", "garden", sortOrder: 1);
        await data.Product("MENU-1").Named("Tin Cup", "tin-cup").InCategory(kitchen).InStock().SaveAsync();
        var page = await browser.NewPageAsync(_app.ServerAddress);
        await page.SetViewportSizeAsync(390, 800);
        await page.GotoAsync("/");
        var menuButton = page.GetByRole(AriaRole.Button, new() { Name = "Show menu" });
        var shop = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Shop", Exact = true });
        var categories = page.GetByRole(AriaRole.Button, new() { Name = "Categories" });
        var garden = page.Locator(".dropdown-menu").GetByRole(AriaRole.Link, new() { Name = "Garden" });

        await Assertions.Expect(shop).ToBeHiddenAsync();
        await menuButton.ClickAsync();
        await Assertions.Expect(shop).ToBeVisibleAsync();
        await Assertions.Expect(menuButton).ToHaveAttributeAsync("aria-expanded", "true");

        await categories.ClickAsync();
        await Assertions.Expect(garden).ToBeVisibleAsync();
        await Assertions.Expect(categories).ToHaveAttributeAsync("aria-expanded", "true");
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(garden).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(garden).ToBeHiddenAsync();
        await Assertions.Expect(categories).ToBeFocusedAsync();
        await Assertions.Expect(categories).ToHaveAttributeAsync("aria-expanded", "false");

        await categories.ClickAsync();
        await Assertions.Expect(garden).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).ClickAsync();
        await Assertions.Expect(garden).ToBeHiddenAsync();

        await menuButton.ClickAsync();
        await Assertions.Expect(shop).ToBeHiddenAsync();
        await Assertions.Expect(menuButton).ToHaveAttributeAsync("aria-expanded", "false");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task OnAWideScreen_ACategoryFromTheMenuOpensItsPage()
    {
        var data = _app.Data();
        var kitchen = await data.CategoryAsync("Kitchen", "kitchen");
        await data.Product("MENU-2").Named("Tin Cup", "tin-cup").InCategory(kitchen).InStock().SaveAsync();
        var page = await browser.NewPageAsync(_app.ServerAddress);
        await page.SetViewportSizeAsync(1280, 800);
        await page.GotoAsync("/products/tin-cup");

        await page.GetByRole(AriaRole.Button, new() { Name = "Categories" }).ClickAsync();
        await page.Locator(".dropdown-menu").GetByRole(AriaRole.Link, new() { Name = "Kitchen" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("category=kitchen"));
        await page.Context.CloseAsync();
    }
}
