using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Identity;

namespace Storefront.Tests.Infrastructure;

/// <summary>A shopper's browser without the browser: cookies, antiforgery tokens and form posts.</summary>
public sealed partial class ShopperSession : IDisposable
{
    private string? _token;

    public ShopperSession(StorefrontFactory app)
    {
        Client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
    }

    public HttpClient Client { get; }

    /// <summary>Reads the antiforgery token from a page with a form (the sign-in page always has one).</summary>
    public async Task<string> TokenAsync()
    {
        if (_token is null)
        {
            var html = await Client.GetStringAsync("/Identity/Account/Login");
            _token = TokenPattern().Match(html).Groups[1].Value;
        }
        return _token;
    }

    public async Task<HttpResponseMessage> PostAsync(string url, IEnumerable<KeyValuePair<string, string>> fields, bool withToken = true)
    {
        var all = fields.ToList();
        if (withToken)
        {
            all.Add(new("__RequestVerificationToken", await TokenAsync()));
        }
        return await Client.PostAsync(url, new FormUrlEncodedContent(all));
    }

    public Task<HttpResponseMessage> AddToCartAsync(string productId, string quantity) =>
        PostAsync("/Cart?handler=Add", [new("productId", productId), new("quantity", quantity)]);

    public Task<HttpResponseMessage> PlaceOrderAsync(string checkoutKey, IEnumerable<(int ProductId, int Quantity)> lines,
        bool acceptBackorder = true, IEnumerable<KeyValuePair<string, string>>? extra = null,
        string email = "shopper@example.com", string name = "Ada Shopper", string line1 = "1 High Street")
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Input.CheckoutKey", checkoutKey),
            new("Input.Email", email),
            new("Input.Name", name),
            new("Input.Line1", line1),
            new("Input.City", "Springfield"),
            new("Input.PostalCode", "12345"),
            new("Input.Country", "United States"),
            new("Input.AcceptBackorder", acceptBackorder ? "true" : "false"),
        };
        var i = 0;
        foreach (var (productId, quantity) in lines)
        {
            fields.Add(new($"Input.Lines[{i}].ProductId", productId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            fields.Add(new($"Input.Lines[{i}].Quantity", quantity.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            i++;
        }
        fields.AddRange(extra ?? []);
        return PostAsync("/Checkout", fields);
    }

    /// <summary>Pays on the test gateway's page that checkout redirected to, and returns where it went next.</summary>
    public async Task<HttpResponseMessage> PayAsync(HttpResponseMessage placed, string cardNumber)
    {
        Assert.Equal(HttpStatusCode.Redirect, placed.StatusCode);
        var payUrl = placed.Headers.Location!.ToString();
        Assert.StartsWith("/Checkout/Pay/", payUrl, StringComparison.Ordinal);
        return await PostAsync(payUrl, [new("CardNumber", cardNumber)]);
    }

    /// <summary>Creates an account (with a role such as Roles.Staff, or none for a shopper) and signs this session in.</summary>
    public async Task SignInAsNewUserAsync(StorefrontFactory app, string email, string? role = null, string password = "Correct-Horse-42!")
    {
        await using (var scope = app.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StorefrontUser>>();
            var user = new StorefrontUser { UserName = email, Email = email, EmailConfirmed = true };
            var created = await users.CreateAsync(user, password);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
            if (role is not null)
            {
                var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
                if (!await roles.RoleExistsAsync(role))
                {
                    await roles.CreateAsync(new IdentityRole(role));
                }
                await users.AddToRoleAsync(user, role);
            }
        }
        await SignInAsync(email, password);
    }

    public async Task SignInAsync(string email, string password)
    {
        var response = await PostAsync("/Identity/Account/Login",
            [new("Input.Email", email), new("Input.Password", password), new("Input.RememberMe", "false")]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        // The antiforgery token is bound to the user: read a fresh one for the signed-in session.
        _token = null;
    }

    public void Dispose() => Client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
