using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Data;
using Storefront.Core.Inventory;
using Storefront.Core.Notifications;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Notifications;

/// <summary>Two app instances on one PostgreSQL database, sending from one outbox and sweeping one set of subscriptions.</summary>
[Collection(PostgresCollection.Name)]
public sealed class TwoInstancesSharingOneDatabase(PostgresServer postgres) : IAsyncLifetime
{
    private readonly SmtpTestServer _smtp = new();
    private StorefrontFactory _a = null!;
    private StorefrontFactory _b = null!;

    public async Task InitializeAsync()
    {
        if (TestEnvironment.PostgresUnavailableReason is not null)
        {
            return;
        }
        await _smtp.StartAsync();
        var database = await postgres.CreateDatabaseAsync();
        _a = Instance(database);
        _b = Instance(database);
        // Start both (A migrates the database first, then B finds it migrated).
        _ = _a.Services;
        _ = _b.Services;
    }

    private StorefrontFactory Instance(string database) => new(new StorefrontOptions
    {
        PostgresConnectionString = database,
        Settings = new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = _smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Outbox:BatchSize"] = "7",
            // The test drives both senders and both sweeps.
            ["Outbox:PollInterval"] = "01:00:00",
            ["Notifications:BackInStockSweepInterval"] = "01:00:00",
        },
    });

    public async Task DisposeAsync()
    {
        if (_a is not null)
        {
            await _a.DisposeAsync();
            await _b.DisposeAsync();
        }
        await _smtp.DisposeAsync();
    }

    [PostgresFact]
    public async Task TwoInstancesDrainingOneOutboxAtOnce_DeliverEveryMessageExactlyOnce()
    {
        await using (var scope = _a.CreateScope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
            for (var i = 0; i < 200; i++)
            {
                outbox.Enqueue("test", $"reader{i}@example.com", new MailContent($"Message {i}", $"<p>Message {i}</p>", $"Message {i}"));
            }
            await scope.ServiceProvider.GetRequiredService<StorefrontDbContext>().SaveChangesAsync();
        }

        // Two senders per instance, all at once, each until it finds nothing left.
        var sent = await Task.WhenAll(new[] { _a, _a, _b, _b }.Select((app, n) => Task.Run(() => DrainAsync(app, $"instance-{n}"))));
        // Every sender has returned, so each send was accepted by the SMTP server: what arrived is all there is.
        var delivered = await _smtp.WaitForAsync(200, TimeSpan.FromSeconds(30));

        Assert.Equal(200, sent.Sum());
        Assert.True(sent[0] + sent[1] > 0 && sent[2] + sent[3] > 0, $"Both instances should have sent some: {string.Join(", ", sent)}");
        Assert.Equal(200, _smtp.Messages.Count);
        Assert.Equal(200, delivered.Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(200, delivered.Select(m => m.To.Mailboxes.Single().Address).Distinct().Count());
        await _b.WithDbAsync(async db =>
        {
            Assert.Equal(200, await db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Sent && m.Attempts == 1 && m.LeaseOwner == null));
        });
    }

    [PostgresFact]
    public async Task TwoInstancesSweepingAtOnce_AlertEachSubscriberOnce()
    {
        var product = await _a.Data().Product("PG-BIS-1").Named("Copper Kettle").OutOfStock().SaveAsync();
        await _a.WithDbAsync(async db =>
        {
            for (var i = 0; i < 40; i++)
            {
                db.BackInStockSubscriptions.Add(new BackInStockSubscription
                {
                    ProductId = product.Id,
                    Email = $"fan{i}@example.com",
                    Status = BackInStockStatus.Active,
                    CreatedAt = DateTime.UtcNow,
                    ConfirmedAt = DateTime.UtcNow,
                    OpenKey = BackInStockSubscription.OpenKeyFor(product.Id, $"fan{i}@example.com"),
                });
            }
            await db.SaveChangesAsync();
        });
        await using (var scope = _a.CreateScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<StockAdjustments>().AdjustAsync(product.Id, 10, "Delivery", "test")).Succeeded);
        }

        var alerts = await Task.WhenAll(Enumerable.Range(0, 8).Select(n => Task.Run(async () =>
        {
            await using var scope = (n % 2 == 0 ? _a : _b).CreateScope();
            return await scope.ServiceProvider.GetRequiredService<BackInStockSweep>().SweepAsync($"instance-{n}");
        })));

        Assert.Equal(40, alerts.Sum());
        await _b.WithDbAsync(async db =>
        {
            var written = await db.OutboxMessages.Where(m => m.Kind == BackInStockMessages.AlertKind).Select(m => m.Recipient).ToListAsync();
            Assert.Equal(40, written.Count);
            Assert.Equal(40, written.Distinct().Count());
            Assert.Equal(40, await db.BackInStockSubscriptions.CountAsync(s => s.NotifiedAt != null && s.OpenKey == null));
        });
    }

    private static async Task<int> DrainAsync(StorefrontFactory app, string instance)
    {
        var total = 0;
        while (true)
        {
            await using var scope = app.CreateScope();
            var sent = await scope.ServiceProvider.GetRequiredService<OutboxSender>().SendBatchAsync(instance);
            total += sent;
            // A batch can come back empty because the other instance claimed those rows first: stop only when none is left.
            if (sent == 0)
            {
                var db = scope.ServiceProvider.GetRequiredService<StorefrontDbContext>();
                if (!await db.OutboxMessages.AnyAsync(m => m.Status == OutboxStatus.Pending))
                {
                    return total;
                }
                await Task.Delay(10);
            }
        }
    }
}
