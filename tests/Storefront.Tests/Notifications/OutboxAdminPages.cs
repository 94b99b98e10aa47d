using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Identity;
using Storefront.Core.Notifications;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Notifications;

/// <summary>/Admin/Outbox: staff see counts, failures (and retry them), recent messages, one message, and the .eml folder.</summary>
public sealed class OutboxAdminPages(OutboxAdminPages.PickupHost host) : IAsyncLifetime, IClassFixture<OutboxAdminPages.PickupHost>
{
    /// <summary>The class's app and the .eml folder it writes to; the folder is emptied for every test.</summary>
    public sealed class PickupHost : IAsyncLifetime
    {
        public StorefrontHost Host { get; } = new();

        public string Folder { get; } = Path.Combine(Path.GetTempPath(), "storefront-tests", "mail-" + Guid.NewGuid().ToString("N"));

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync()
        {
            await Host.DisposeAsync();
            if (Directory.Exists(Folder))
            {
                Directory.Delete(Folder, recursive: true);
            }
        }
    }

    private readonly string _pickup = host.Folder;
    private StorefrontFactory _app = null!;

    public async Task InitializeAsync()
    {
        if (Directory.Exists(_pickup))
        {
            foreach (var file in Directory.GetFiles(_pickup))
            {
                File.Delete(file);
            }
        }
        _app = await host.Host.AppForTestAsync(new StorefrontOptions
        {
            Settings = new Dictionary<string, string?>
            {
                // No Smtp:Host: the embedded default writes .eml files, here to a folder of the test's own.
                ["Smtp:PickupFolder"] = _pickup,
            },
        });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task StaffSeeAFailedMessageWithItsError_AndRetryPutsItBackToPending()
    {
        var failed = await EnqueueAsync("zed@example.com", "Your order is delayed", status: OutboxStatus.Failed, error: "550 5.1.1 Mailbox unavailable");
        await EnqueueAsync("amy@example.com", "Your order is confirmed");
        using var staff = new ShopperSession(_app);
        await staff.SignInAsNewUserAsync(_app, "clerk@storefront.test", Roles.Staff);

        var page = await staff.Client.GetStringAsync("/Admin/Outbox");
        Assert.Contains("data-testid=\"count-failed\">1<", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"count-pending\">1<", page, StringComparison.Ordinal);
        Assert.Contains("550 5.1.1 Mailbox unavailable", page, StringComparison.Ordinal);
        Assert.Contains("zed@example.com", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/Admin/Outbox\">Outbox</a>", page, StringComparison.Ordinal);

        var retried = await staff.PostAsync($"/Admin/Outbox?handler=Retry&id={failed}", []);
        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        await _app.WithDbAsync(async db =>
        {
            var row = await db.OutboxMessages.SingleAsync(m => m.Id == failed);
            Assert.Equal((OutboxStatus.Pending, 0), (row.Status, row.Attempts));
        });
        var after = await staff.Client.GetStringAsync("/Admin/Outbox");
        Assert.Contains($"Message {failed} is queued again", after, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"count-failed\">0<", after, StringComparison.Ordinal);
        Assert.Contains("No failed messages.", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnonymousVisitorsAreSentToSignIn_AndShoppersGet403()
    {
        var id = await EnqueueAsync("amy@example.com", "Hello");
        using var anonymous = new ShopperSession(_app);
        using var shopper = new ShopperSession(_app);
        await shopper.SignInAsNewUserAsync(_app, "shopper@example.com");

        foreach (var url in new[] { "/Admin/Outbox", $"/Admin/Outbox/Message/{id}", "/Admin/Outbox/Pickup?name=x.eml" })
        {
            var response = await anonymous.Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Identity/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(HttpStatusCode.Forbidden, (await shopper.Client.GetAsync(url)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await shopper.PostAsync($"/Admin/Outbox?handler=Retry&id={id}", [])).StatusCode);
    }

    [Fact]
    public async Task AMessageShowsItsTextAndItsHtmlOnlyInsideASandboxedFrame()
    {
        var id = await EnqueueAsync("amy@example.com", "Tricky <b>subject</b>", html: "<p>Hi</p><script>alert('x')</script><img src=x onerror=alert(1)>");
        using var staff = new ShopperSession(_app);
        await staff.SignInAsNewUserAsync(_app, "clerk@storefront.test", Roles.Staff);

        var page = await staff.Client.GetStringAsync($"/Admin/Outbox/Message/{id}");
        Assert.Contains("<iframe sandbox=\"\" srcdoc=\"&lt;p&gt;Hi&lt;/p&gt;&lt;script&gt;", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert('x')", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", page, StringComparison.Ordinal);
        Assert.Contains("Tricky &lt;b&gt;subject&lt;/b&gt;", page, StringComparison.Ordinal);
        Assert.Contains("Plain text for amy@example.com", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.Client.GetAsync("/Admin/Outbox/Message/999999")).StatusCode);
    }

    [Fact]
    public async Task RecentMessagesArePaged_NewestFirst()
    {
        for (var i = 1; i <= 30; i++)
        {
            await EnqueueAsync($"reader{i}@example.com", $"Message number {i}");
        }
        using var staff = new ShopperSession(_app);
        await staff.SignInAsNewUserAsync(_app, "clerk@storefront.test", Roles.Staff);

        var first = await staff.Client.GetStringAsync("/Admin/Outbox");
        Assert.Equal(25, CountOf(first, "data-testid=\"recent-row\""));
        Assert.Contains("Message number 30", first, StringComparison.Ordinal);
        Assert.Contains("Page 1 of 2", first, StringComparison.Ordinal);
        var second = await staff.Client.GetStringAsync("/Admin/Outbox?p=2");
        Assert.Equal(5, CountOf(second, "data-testid=\"recent-row\""));
        Assert.Contains("Message number 1<", second, StringComparison.Ordinal);
        Assert.DoesNotContain("Message number 30", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAnSmtpHost_StaffListAndOpenThePickupFolderFiles_AndNoOtherFile()
    {
        await EnqueueAsync("amy@example.com", "Your order SF-1 is confirmed");
        await using (var scope = _app.CreateScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<OutboxSender>().SendBatchAsync("test"));
        }
        var file = Path.GetFileName(Assert.Single(Directory.GetFiles(_pickup, "*.eml")));
        await File.WriteAllTextAsync(Path.Combine(_pickup, "..", "secret.eml"), "Subject: secret\r\n\r\nsecret");
        using var staff = new ShopperSession(_app);
        await staff.SignInAsNewUserAsync(_app, "clerk@storefront.test", Roles.Staff);

        var index = await staff.Client.GetStringAsync("/Admin/Outbox");
        Assert.Contains($"/Admin/Outbox/Pickup?name={file}", index, StringComparison.Ordinal);
        var opened = await staff.Client.GetStringAsync($"/Admin/Outbox/Pickup?name={Uri.EscapeDataString(file)}");
        Assert.Contains("Your order SF-1 is confirmed", opened, StringComparison.Ordinal);
        Assert.Contains("amy@example.com", opened, StringComparison.Ordinal);
        Assert.Contains("<iframe sandbox=\"\"", opened, StringComparison.Ordinal);

        foreach (var name in new[] { "../secret.eml", "..%2Fsecret.eml", "%2Fetc%2Fpasswd", "..\\secret.eml", "secret.eml", "x.txt", "", ".eml" })
        {
            var response = await staff.Client.GetAsync("/Admin/Outbox/Pickup?name=" + name);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("secret", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        File.Delete(Path.Combine(_pickup, "..", "secret.eml"));
    }

    private static int CountOf(string text, string what) => (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;

    private async Task<long> EnqueueAsync(string to, string subject, OutboxStatus status = OutboxStatus.Pending, string? error = null, string? html = null)
    {
        await using var scope = _app.CreateScope();
        var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
        var message = outbox.Enqueue("test", to, new MailContent(subject, html ?? $"<p>{subject}</p>", $"Plain text for {to}"));
        message.Status = status;
        message.LastError = error;
        message.Attempts = status == OutboxStatus.Failed ? 8 : 0;
        var db = scope.ServiceProvider.GetRequiredService<Storefront.Core.Data.StorefrontDbContext>();
        await db.SaveChangesAsync();
        return message.Id;
    }
}
