using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Storefront.Core.Jobs;

namespace Storefront.Core.Notifications;

public static class NotificationsServices
{
    /// <summary>
    /// The customer emails: written by the Messages types into the outbox in the transaction of the
    /// change they report, sent by the outbox job through SMTP when Smtp:Host is set, otherwise as
    /// .eml files in a folder; plus back-in-stock alerts and "still on its way" updates.
    /// </summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SmtpOptions>(configuration.GetSection(SmtpOptions.Section));
        services.Configure<OutboxOptions>(configuration.GetSection(OutboxOptions.Section));
        services.Configure<NotificationOptions>(configuration.GetSection(NotificationOptions.Section));
        services.Configure<BackInStockOptions>(configuration.GetSection(BackInStockOptions.Section));

        // Writing
        services.AddScoped<CustomerMessages>();
        services.AddScoped<CancellationMessages>();
        services.AddScoped<BackorderNotices>();
        services.AddScoped<StillOnItsWayReminders>();
        services.AddScoped<BackInStockMessages>();

        // Sending
        services.AddScoped<Outbox>();
        services.AddScoped<OutboxSender>();
        services.AddScoped<OutboxAdmin>();
        services.AddSingleton<IMailTransport>(sp =>
        {
            var smtp = sp.GetRequiredService<IOptions<SmtpOptions>>();
            if (!string.IsNullOrWhiteSpace(smtp.Value.Host))
            {
                return new SmtpMailTransport(smtp);
            }
            var root = sp.GetRequiredService<IHostEnvironment>().ContentRootPath;
            return new PickupFolderMailTransport(Path.GetFullPath(smtp.Value.PickupFolder, root));
        });

        // Back in stock
        services.AddScoped<BackInStockLinks>();
        services.AddScoped<BackInStockSubscriptions>();
        services.AddScoped<BackInStockSweep>();

        services.AddHostedService<OutboxJob>();
        services.AddHostedService<StillOnItsWayJob>();
        services.AddHostedService<BackInStockJob>();
        return services;
    }
}
