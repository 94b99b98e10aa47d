using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Common;
using Storefront.Core.Notifications;
using Storefront.Core.Orders;
using Storefront.Core.Orders.Delays;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Delays;

/// <summary>
/// Every path of the delay consent rule (ADR 0021), with the defaults of the FTC rule: a first slip
/// of at most 30 days is accepted by silence; a longer one, a second one or no date at all needs
/// "Keep my order" within 7 days (never past the date promised before), or the backordered units are
/// cancelled and refunded, exactly once.
/// </summary>
public abstract class DelayConsentRules(StorefrontHost host) : DelayConsentTestBase(host)
{
    [Fact]
    public async Task AFirstDelayOfAtMost30DaysIsAcceptedBySilenceWithOneEmailAndNeverCancelled()
    {
        var number = await PlaceAndPayAsync(2);
        Assert.Equal(Promised, (await LineAsync(number)).PromisedEta);
        var before = (await MailAsync(number)).Count;

        await RescheduleAsync(Today.AddDays(40)); // ships 42 days out: 30 days past the promise

        var line = await LineAsync(number);
        Assert.Equal((ConsentState.Implied, (DateOnly?)Promised.AddDays(30), 1, (DateTime?)null), (line.Consent, line.AcceptedEta, line.Delays, line.ConsentDeadline));
        var e = Assert.Single(line.Events);
        Assert.Equal(BackorderEventKind.DelayAccepted, e.Kind);
        // One email for the move, with the new date, the reason and both answers: not one per event.
        var mail = await MailAsync(number);
        Assert.Equal(before + 1, mail.Count);
        var notice = mail[^1];
        Assert.Equal(MessageKinds.EtaChanged, notice.Kind);
        Assert.Contains(DateText.ForPeople(Promised.AddDays(30)), notice.TextBody, StringComparison.Ordinal);
        Assert.Contains("Our supplier's shipment is running late", notice.TextBody, StringComparison.Ordinal);
        Assert.Contains("nothing you need to do", notice.TextBody, StringComparison.Ordinal);
        Assert.True(notice.TextBody.IndexOf("Keep my order", StringComparison.Ordinal) < notice.TextBody.IndexOf("Cancel for a full refund", StringComparison.Ordinal));
        LinkIn(notice, DelayAnswer.Keep);

        Clock.Advance(TimeSpan.FromDays(60));
        Assert.Equal(0, await SweepAsync());
        Assert.Equal(BackorderStatus.Open, (await LineAsync(number)).Status);
        Assert.Empty(await RefundsAsync(number));
    }

    [Fact]
    public async Task ADelayOfMoreThan30DaysNeedsExpressConsentByADeadlineAWeekAway()
    {
        var number = await PlaceAndPayAsync();

        await RescheduleAsync(Today.AddDays(41)); // 31 days past the promise

        var line = await LineAsync(number);
        Assert.Equal(ConsentState.Required, line.Consent);
        Assert.Equal(Clock.GetUtcNow().UtcDateTime.AddDays(7), line.ConsentDeadline);
        Assert.Null(line.AcceptedEta);
        Assert.Equal(BackorderEventKind.ConsentAsked, Assert.Single(line.Events).Kind);
        var notice = (await MailAsync(number, MessageKinds.EtaChanged))[^1];
        Assert.StartsWith("Please reply", notice.Subject, StringComparison.Ordinal);
        Assert.Contains("Please tell us by " + DateText.ForPeople(Today.AddDays(7)), notice.TextBody, StringComparison.Ordinal);
        Assert.Contains("$40.00", notice.TextBody, StringComparison.Ordinal);
        Assert.Contains("Ships to:", notice.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASecondDelayNeedsExpressConsentEvenWhenShortAndTheDeadlineIsNeverPastTheAcceptedDate()
    {
        var number = await PlaceAndPayAsync();
        await RescheduleAsync(Today.AddDays(12)); // ships 15 March: a silent 2-day delay
        Assert.Equal(ConsentState.Implied, (await LineAsync(number)).Consent);

        Clock.Advance(TimeSpan.FromDays(10)); // 11 March, 09:00: the accepted date (15 March) is 4 days away
        await RescheduleAsync(Today.AddDays(13));

        var line = await LineAsync(number);
        Assert.Equal((ConsentState.Required, 2), (line.Consent, line.Delays));
        Assert.Equal(Today.AddDays(15), line.CurrentEta);
        // A week would pass the accepted date: the answer is due by the end of 15 March.
        Assert.Equal(new DateTime(2027, 3, 16, 0, 0, 0, DateTimeKind.Utc), line.ConsentDeadline);
    }

    [Fact]
    public async Task LosingTheDateAltogetherNeedsExpressConsent()
    {
        var number = await PlaceAndPayAsync();

        await CancelDeliveryAsync();

        var line = await LineAsync(number);
        Assert.True(line.Undated);
        Assert.Equal(ConsentState.Required, line.Consent);
        var notice = (await MailAsync(number, MessageKinds.EtaChanged))[^1];
        Assert.Contains("no new date yet", notice.TextBody, StringComparison.Ordinal);
        LinkIn(notice, DelayAnswer.Keep);
    }

    [Fact]
    public async Task OpeningTheEmailLinkChangesNothingAndKeepMyOrderRecordsConsentOnce()
    {
        var number = await PlaceAndPayAsync();
        await RescheduleAsync(Today.AddDays(50));
        var keep = LinkIn((await MailAsync(number, MessageKinds.EtaChanged))[^1], DelayAnswer.Keep);

        using var guest = new ShopperSession(App);
        // A mail scanner prefetching the link: the page shows, nothing changes.
        var page = await guest.Client.GetAsync(keep);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = Decode(await page.Content.ReadAsStringAsync());
        Assert.Contains("Keep my order", html, StringComparison.Ordinal);
        Assert.Contains("Cancel for a full refund", html, StringComparison.Ordinal);
        Assert.Equal(ConsentState.Required, (await LineAsync(number)).Consent);

        var posted = await SubmitAnswerAsync(guest, keep, "keep");
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var orderPage = Decode(await guest.Client.GetStringAsync(posted.Headers.Location!));
        Assert.Contains("we'll keep Walnut Desk for you", orderPage, StringComparison.Ordinal);
        Assert.Contains("You chose to keep your order (from the email)", orderPage, StringComparison.Ordinal);

        var line = await LineAsync(number);
        Assert.Equal((ConsentState.Given, (DateOnly?)Today.AddDays(52), (DateTime?)null), (line.Consent, line.AcceptedEta, line.ConsentDeadline));
        var given = Assert.Single(line.Events, e => e.Kind == BackorderEventKind.ConsentGiven);
        Assert.Equal(BackorderEventVia.EmailLink, given.Via);

        // The same link again: the recorded answer, nothing new.
        var again = await guest.Client.GetStringAsync(keep);
        Assert.Contains("You chose to keep your order", Decode(again), StringComparison.Ordinal);
        Assert.Single((await LineAsync(number)).Events, e => e.Kind == BackorderEventKind.ConsentGiven);

        Clock.Advance(TimeSpan.FromDays(8));
        Assert.Equal(0, await SweepAsync());
        Assert.Equal(BackorderStatus.Open, (await LineAsync(number)).Status);
        Assert.Empty(await RefundsAsync(number));
    }

    [Fact]
    public async Task KeepMyOrderOnTheOrderPageRecordsConsentFromTheOrderPage()
    {
        var number = await PlaceAndPayAsync();
        await RescheduleAsync(Today.AddDays(50));

        using var guest = new ShopperSession(App);
        var orderUrl = $"/Orders/{number}?t={Uri.EscapeDataString(OrderToken(number))}";
        var page = Decode(await guest.Client.GetStringAsync(orderUrl));
        Assert.Contains("Please tell us by", page, StringComparison.Ordinal);
        var posted = await SubmitAnswerAsync(guest, orderUrl, "keep");

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var line = await LineAsync(number);
        Assert.Equal(ConsentState.Given, line.Consent);
        Assert.Equal(BackorderEventVia.OrderPage, Assert.Single(line.Events, e => e.Kind == BackorderEventKind.ConsentGiven).Via);
    }

    [Fact]
    public async Task CancelForAFullRefundCancelsRefundsOnceAndRecordsTheRefusal()
    {
        var number = await PlaceAndPayAsync(2);
        await RescheduleAsync(Today.AddDays(50));
        var cancel = LinkIn((await MailAsync(number, MessageKinds.EtaChanged))[^1], DelayAnswer.Cancel);

        using var guest = new ShopperSession(App);
        var posted = await SubmitAnswerAsync(guest, cancel, "cancel");
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        // Replayed: the page shows the decision and offers no answer; a re-post changes nothing.
        var shown = Decode(await guest.Client.GetStringAsync(cancel));
        Assert.Contains("You cancelled for a full refund (from the email)", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("Keep my order</button>", shown, StringComparison.Ordinal);
        await guest.TokenAsync();
        var replay = await guest.PostAsync(cancel, []);
        Assert.Equal(HttpStatusCode.Redirect, replay.StatusCode);

        var line = await LineAsync(number);
        Assert.Equal((BackorderStatus.Cancelled, ConsentState.Refused), (line.Status, line.Consent));
        Assert.Equal(BackorderEventVia.EmailLink, Assert.Single(line.Events, e => e.Kind == BackorderEventKind.ConsentRefused).Via);
        var refund = Assert.Single(await RefundsAsync(number));
        Assert.Equal(8599, refund.Amount); // 2 × $40.00 and the shipping: nothing is left to ship
        Assert.Single(await MailAsync(number, "BackorderCancelled"));
        Assert.Single((await LineAsync(number)).Events, e => e.Kind == BackorderEventKind.ConsentRefused);
    }

    [Fact]
    public async Task NoAnswerByTheDeadlineCancelsAndRefundsOnceAfterOneReminderHalfway()
    {
        var number = await PlaceAndPayAsync();
        await RescheduleAsync(Today.AddDays(50));

        Clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal(0, await SweepAsync()); // not halfway yet
        Clock.Advance(TimeSpan.FromHours(13));
        Assert.Equal(1, await SweepAsync());
        Assert.Equal(0, await SweepAsync());
        var reminder = Assert.Single(await MailAsync(number, MessageKinds.DelayReminder));
        LinkIn(reminder, DelayAnswer.Keep);

        Clock.Advance(TimeSpan.FromDays(4));
        Assert.Equal(1, await SweepAsync());

        var line = await LineAsync(number);
        Assert.Equal((BackorderStatus.Cancelled, ConsentState.Expired), (line.Status, line.Consent));
        Assert.Single(line.Events, e => e.Kind == BackorderEventKind.ConsentExpired);
        Assert.Equal(4599, Assert.Single(await RefundsAsync(number)).Amount);
        var told = Assert.Single(await MailAsync(number, "BackorderCancelled"));
        Assert.Contains("didn't hear from you by " + DateText.ForPeople(Today.AddDays(7)), told.TextBody, StringComparison.Ordinal);
        await App.WithDbAsync(async db => Assert.Equal(0, (await db.Stock.AsNoTracking().SingleAsync(s => s.ProductId == Desk.Id)).Backordered));
    }

    [Fact]
    public async Task TwoWorkersOnTheSameDeadlineCancelAndRefundExactlyOnce()
    {
        var first = await PlaceAndPayAsync();
        using var other = new ShopperSession(App);
        var second = await PlaceAndPayAsync(1, other);
        await RescheduleAsync(Today.AddDays(50));
        Clock.Advance(TimeSpan.FromDays(8));

        var handled = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(SweepAsync)));

        Assert.Equal(2, handled.Sum());
        foreach (var number in new[] { first, second })
        {
            Assert.Equal(ConsentState.Expired, (await LineAsync(number)).Consent);
            Assert.Single(await RefundsAsync(number));
            Assert.Single(await MailAsync(number, "BackorderCancelled"));
            Assert.Single((await LineAsync(number)).Events, e => e.Kind == BackorderEventKind.ConsentExpired);
        }
        await App.WithDbAsync(async db =>
        {
            var payments = await db.Payments.AsNoTracking().Where(p => p.Status == Core.Payments.PaymentStatus.Succeeded).ToListAsync();
            Assert.All(payments, p => Assert.Equal(p.Amount, p.RefundedAmount));
        });
    }

    [Fact]
    public async Task ForgedOrOtherLinesTokensAreNotFoundAndChangeNothing()
    {
        var number = await PlaceAndPayAsync();
        using var other = new ShopperSession(App);
        var otherNumber = await PlaceAndPayAsync(1, other);
        await RescheduleAsync(Today.AddDays(50));
        var keep = LinkIn((await MailAsync(number, MessageKinds.EtaChanged))[^1], DelayAnswer.Keep);
        var otherLine = await LineAsync(otherNumber);

        using var guest = new ShopperSession(App);
        // This line's keep token on another line, as a cancel, and tampered with: all 404.
        var token = keep[(keep.IndexOf("&t=", StringComparison.Ordinal) + 3)..];
        Assert.Equal(HttpStatusCode.NotFound, (await guest.Client.GetAsync($"/Orders/{otherNumber}/Delay/{otherLine.Id}?a=keep&t={token}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await guest.Client.GetAsync(keep.Replace("a=keep", "a=cancel", StringComparison.Ordinal))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await guest.Client.GetAsync(keep[..^4] + "AAAA")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await guest.Client.GetAsync(keep.Replace("a=keep", "a=maybe", StringComparison.Ordinal))).StatusCode);
        await guest.TokenAsync();
        var forged = await guest.PostAsync($"/Orders/{otherNumber}/Delay/{otherLine.Id}?a=cancel&t={token}", []);
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.Equal(BackorderStatus.Open, (await LineAsync(otherNumber)).Status);
        Assert.Empty(await RefundsAsync(otherNumber));
    }
}

/// <summary>The consent rules on SQLite, the embedded default.</summary>
public sealed class DelayConsentOnSqlite(StorefrontHost host) : DelayConsentRules(host), IClassFixture<StorefrontHost>
{
    protected override Task<StorefrontOptions> OptionsAsync() => Task.FromResult(new StorefrontOptions());
}

/// <summary>The consent rules on a real PostgreSQL server, where the racing workers really overlap.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DelayConsentOnPostgres(PostgresServer postgres, StorefrontHost host) : DelayConsentRules(host), IClassFixture<StorefrontHost>
{
    protected override async Task<StorefrontOptions> OptionsAsync() => new() { PostgresConnectionString = await postgres.CreateDatabaseAsync() };
}
