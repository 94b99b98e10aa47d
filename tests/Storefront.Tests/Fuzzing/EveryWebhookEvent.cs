using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Storefront.Tests.Payments;
using Xunit.Abstractions;

namespace Storefront.Tests.Fuzzing;

/// <summary>
/// The Stripe webhook with Stripe configured, fuzzed past its signature check: each mutated event
/// (any type, payment status, session status, a tampered attempt key, values of the wrong JSON type,
/// fields left out) is signed with the endpoint's secret, so the handler itself runs. A forged
/// signature is the fuzz test of <see cref="EveryFormAndEndpoint"/>; this one is what a valid
/// signature lets through. Fixed seed; fails listing every delivery that got a 5xx.
/// </summary>
public sealed partial class EveryWebhookEvent(StorefrontHost host, ITestOutputHelper output) : IAsyncLifetime, IClassFixture<StorefrontHost>
{
    private const int Seed = 20261202;
    private const int Deliveries = 200;

    private static readonly string[] Types =
    [
        "checkout.session.completed", "checkout.session.async_payment_succeeded", "checkout.session.async_payment_failed",
        "checkout.session.expired", "payment_intent.succeeded", "charge.refunded", "", "checkout.session.completed\u0000",
    ];

    private static readonly string[] Statuses = ["paid", "unpaid", "no_payment_required", "complete", "expired", "open", "", "PAID", "\u202Epaid"];

    private static readonly string[] Replacements =
    [
        "null", "\"\"", "-1", "2147483648", "9223372036854775808", "1e400", "[]", "{}", "true", "\"" + new string('x', 5000) + "\"",
    ];

    private readonly Random _random = new(Seed);
    private StorefrontFactory _app = null!;

    public async Task InitializeAsync() =>
        _app = await host.AppForTestAsync(new StorefrontOptions
        {
            SeedDemoData = true,
            Settings = new Dictionary<string, string?>
            {
                ["Stripe:SecretKey"] = "sk_test_fuzz",
                ["Stripe:WebhookSecret"] = StripeTestHost.WebhookSecret,
                // Nothing here should call Stripe; if something did, it fails at once instead of waiting on the internet.
                ["Stripe:ApiBase"] = "http://127.0.0.1:9",
                ["Stripe:MaxNetworkRetries"] = "0",
            },
        });

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task NoSignedMutatedEventGetsA5xx()
    {
        var orders = await _app.WithDbAsync(db => db.Orders.AsNoTracking().OrderBy(o => o.Id).Take(20).ToListAsync());
        Assert.NotEmpty(orders);
        using var client = _app.CreateClient();
        var failures = new List<string>();
        var answers = new SortedDictionary<int, int>();
        for (var i = 0; i < Deliveries; i++)
        {
            var order = orders[_random.Next(orders.Count)];
            var eventId = _random.Next(5) == 0 ? "evt_repeat" : "evt_fuzz_" + i;
            var payload = StripeTestHost.CheckoutEvent(eventId, Types[_random.Next(Types.Length)], order,
                Statuses[_random.Next(Statuses.Length)], Statuses[_random.Next(Statuses.Length)], _random.Next(2) == 0 ? null : "pi_fuzz_" + i);
            var what = new List<string>();
            for (var m = _random.Next(3); m > 0; m--)
            {
                payload = Mutate(payload, what);
            }
            var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("Stripe-Signature", StripeTestHost.Sign(payload, StripeTestHost.Now));
            try
            {
                var response = await client.SendAsync(request);
                answers[(int)response.StatusCode] = answers.GetValueOrDefault((int)response.StatusCode) + 1;
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{(int)response.StatusCode} ← event {eventId} for {order.Number}: {string.Join("; ", what)}");
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failures.Add($"threw {e.GetType().Name}: {e.Message.Split('\n')[0]} ← event {eventId}: {string.Join("; ", what)}");
            }
        }
        output.WriteLine($"{Deliveries} signed deliveries ({string.Join(", ", answers.Select(a => $"{a.Value}× {a.Key}"))}), {failures.Count} answered 5xx");
        // Most must get past the signature check, or the handler was not fuzzed at all.
        Assert.True(answers.GetValueOrDefault(200) > Deliveries / 3, "too few deliveries reached the handler");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>One change to the event's JSON: a value of another type, a field removed, or the attempt key tampered with.</summary>
    private string Mutate(string payload, List<string> what)
    {
        var values = JsonValue().Matches(payload);
        switch (_random.Next(3))
        {
            case 0 when values.Count > 0:
                var value = values[_random.Next(values.Count)];
                var replacement = Replacements[_random.Next(Replacements.Length)];
                what.Add($"{value.Groups[1].Value} = {(replacement.Length > 20 ? replacement[..20] + "…" : replacement)}");
                return payload[..value.Groups[2].Index] + replacement + payload[(value.Groups[2].Index + value.Groups[2].Length)..];
            case 1 when values.Count > 0:
                var removed = values[_random.Next(values.Count)];
                what.Add($"{removed.Groups[1].Value} left out");
                // Leaves "key": with no value when it is the last one: broken JSON is a case too.
                return payload.Remove(removed.Index, removed.Length).Replace(",,", ",", StringComparison.Ordinal).Replace("{,", "{", StringComparison.Ordinal);
            default:
                what.Add("attempt key tampered");
                return AttemptKey().Replace(payload, m => m.Groups[1].Value + (_random.Next(2) == 0 ? "" : m.Groups[2].Value + "x") + "\"", 1);
        }
    }

    [GeneratedRegex("\"([a-z_]+)\":(\"[^\"]*\"|-?[0-9]+|true|false|null)")]
    private static partial Regex JsonValue();

    [GeneratedRegex("(\"attempt_key\":\")([^\"]*)\"")]
    private static partial Regex AttemptKey();
}
