using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Storefront.Core.Identity;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Browser;

/// <summary>Staff sign in, receive a delivery, and see which waiting orders it filled.</summary>
[Collection(BrowserCollection.Name)]
public sealed class StaffReceivesDelivery(BrowserFixture browser, StorefrontHost host) : IAsyncLifetime, IClassFixture<StorefrontHost>
{
    private StorefrontFactory _app = null!;

    /// <summary>One app on Kestrel for the class, emptied for every test.</summary>
    public async Task InitializeAsync() =>
        _app = await host.AppForTestAsync(new StorefrontOptions { UseKestrel = true },
            new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 10, 0, 0, TimeSpan.Zero)));

    public Task DisposeAsync() => Task.CompletedTask;

    [BrowserFact]
    public async Task StaffReceiveADeliveryAndSeeTheBackordersItFilled()
    {
        var product = await _app.Data().Product("RCV-1").Named("Walnut Stool").OutOfStock().Backorderable().Backordered(2)
            .WithDelivery(new DateOnly(2027, 3, 6), 5).SaveAsync();
        var orderNumber = "";
        var deliveryId = 0;
        await _app.WithDbAsync(async db =>
        {
            orderNumber = await db.BackorderLines.Where(b => b.ProductId == product.Id).Select(b => b.Order!.Number).SingleAsync();
            deliveryId = await db.InboundDeliveries.Where(d => d.ProductId == product.Id).Select(d => d.Id).SingleAsync();
        });
        await using (var scope = _app.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StorefrontUser>>();
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            await roles.CreateAsync(new IdentityRole(Roles.Staff));
            var staff = new StorefrontUser { UserName = "warehouse@example.com", Email = "warehouse@example.com", EmailConfirmed = true };
            Assert.True((await users.CreateAsync(staff, "Receive-Goods-7!")).Succeeded);
            await users.AddToRoleAsync(staff, Roles.Staff);
        }
        var page = await browser.NewPageAsync(_app.ServerAddress);

        await page.GotoAsync($"/Admin/Deliveries/Receive/{deliveryId}");
        await page.GetByLabel("Email").FillAsync("warehouse@example.com");
        await page.GetByLabel("Password").FillAsync("Receive-Goods-7!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Receive delivery #{deliveryId}" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Units received")).ToHaveValueAsync("5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Receive" }).ClickAsync();

        var filled = page.Locator("[data-testid=filled-orders]");
        await Assertions.Expect(filled).ToContainTextAsync(orderNumber);
        await Assertions.Expect(filled).ToContainTextAsync("2");
        await _app.WithDbAsync(async db =>
        {
            var stock = await db.Stock.AsNoTracking().SingleAsync(s => s.ProductId == product.Id);
            Assert.Equal((5, 2, 0), (stock.OnHand, stock.Allocated, stock.Backordered));
        });
        await page.Context.CloseAsync();
    }
}
