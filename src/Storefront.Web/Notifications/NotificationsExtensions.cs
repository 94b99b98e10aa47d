using Microsoft.Extensions.Options;
using Storefront.Core.Common;
using Storefront.Core.Notifications;
using Storefront.Core.Orders;
using Storefront.Web.Checkout;

namespace Storefront.Web.Notifications;

public static class NotificationsExtensions
{
    /// <summary>The outbox and its sender: SMTP when Smtp:Host is set, otherwise .eml files in a folder.</summary>
    public static WebApplicationBuilder AddStorefrontNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<SmtpOptions>(builder.Configuration.GetSection(SmtpOptions.Section));
        builder.Services.Configure<OutboxOptions>(builder.Configuration.GetSection(OutboxOptions.Section));
        builder.Services.Configure<NotificationOptions>(builder.Configuration.GetSection(NotificationOptions.Section));
        builder.Services.AddScoped<Outbox>();
        builder.Services.AddScoped<CustomerMessages>();
        builder.Services.AddScoped<CancellationMessages>();
        builder.Services.AddScoped<BackorderCancellation>();
        builder.Services.AddScoped<Storefront.Web.Pages.Orders.OrderLookup>();
        builder.Services.AddScoped<BackorderNotices>();
        builder.Services.AddScoped<StillOnItsWayReminders>();
        builder.Services.AddScoped<IOrderLinks, OrderLinks>();
        builder.Services.AddScoped<OutboxSender>();
        builder.Services.AddSingleton<IMailTransport>(sp =>
        {
            var smtp = sp.GetRequiredService<IOptions<SmtpOptions>>();
            if (!string.IsNullOrWhiteSpace(smtp.Value.Host))
            {
                return new SmtpMailTransport(smtp);
            }
            var folder = Path.GetFullPath(smtp.Value.PickupFolder, builder.Environment.ContentRootPath);
            return new PickupFolderMailTransport(folder);
        });
        builder.Services.AddHostedService<OutboxWorker>();
        builder.AddBackInStockAlerts();
        builder.Services.AddHostedService<StillOnItsWayWorker>();
        return builder;
    }
}

/// <summary>Signed, expiring links to the order page (/Orders/{number}) on the store's public address.</summary>
public sealed class OrderLinks(OrderAccess access, IOptions<StoreOptions> store) : IOrderLinks
{
    public string OrderUrl(string orderNumber) =>
        $"{store.Value.BaseUrl.TrimEnd('/')}/Orders/{Uri.EscapeDataString(orderNumber)}?t={Uri.EscapeDataString(access.TokenFor(orderNumber))}";
}

/// <summary>Polls the outbox and sends what is due. Every instance runs one; leases keep them apart.</summary>
public sealed class OutboxWorker(IServiceScopeFactory scopes, IOptions<OutboxOptions> options, ILogger<OutboxWorker> logger) : BackgroundService
{
    // Lease owners are at most 100 characters; the claim adds a 33-character suffix.
    private readonly string _instance = Shorten($"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}", 60);

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[^length..];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval);
        do
        {
            try
            {
                int sent;
                do
                {
                    await using var scope = scopes.CreateAsyncScope();
                    sent = await scope.ServiceProvider.GetRequiredService<OutboxSender>().SendBatchAsync(_instance, stoppingToken);
                }
                while (sent > 0 && !stoppingToken.IsCancellationRequested);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Sending the outbox failed; will try again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
