using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Common;
using Storefront.Core.Data;
using Storefront.Core.Orders;

namespace Storefront.Core.Incentives;

/// <summary>A code as the order page and emails show it.</summary>
public sealed record IncentiveCodeView(string Code, IncentiveReason Reason, string Description, DateTime ExpiresAt, bool Redeemed, bool UsedOnThisOrder);

/// <summary>What checkout learns about a code the shopper typed: the discount it gives, or why it can't be used.</summary>
public sealed record CodeCheck(int? CodeId, string? Code, long Discount, string? Error)
{
    public static CodeCheck Refused(string error) => new(null, null, 0, error);
}

/// <summary>
/// Discount codes: issued (unguessable, once per reason), checked and redeemed at checkout with a
/// conditional UPDATE (two orders racing for one code: one wins), released again when the order that
/// used it is never paid.
/// </summary>
public sealed class IncentiveCodes(StorefrontDbContext db, IncentiveSettingsService settings, TimeProvider clock)
{
    // No 0/O, 1/I/L: codes get read aloud and typed from emails.
    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    private const int Length = 16;

    public const string InvalidMessage = "That discount code isn't valid. Please check it or remove it.";
    public const string UsedMessage = "That discount code has already been used.";
    public const string ExpiredMessage = "That discount code has expired.";

    /// <summary>A new code from the OS's cryptographic generator: 31^16 ≈ 2^79 possibilities.</summary>
    public static string NewCode() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>"ABCD-EFGH-JKMN-PQRS": how codes are shown.</summary>
    public static string Format(string code) => string.Join('-', code.Chunk(4).Select(c => new string(c)));

    /// <summary>What the shopper typed, as stored: upper case, no spaces or dashes.</summary>
    public static string Normalize(string? typed) =>
        new((typed ?? "").Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant).ToArray());

    public static string Describe(IncentiveCode code) => code.Kind == DiscountKind.Percent
        ? $"{code.Value}% off the items of your next order"
        : $"{new Money(code.Value, code.Currency)} off your next order";

    /// <summary>The discount a code gives an order: a percentage of the items, or an amount off the whole; never more than the order's total.</summary>
    public static long DiscountFor(DiscountKind kind, long value, long subtotal, long shipping)
    {
        var discount = kind == DiscountKind.Percent ? subtotal * Math.Clamp(value, 0, 100) / 100 : value;
        return Math.Clamp(discount, 0, subtotal + shipping);
    }

    /// <summary>Checks a typed code for an order about to be placed; nothing is written.</summary>
    public async Task<CodeCheck> CheckAsync(string typed, string email, string currency, long subtotal, long shipping, CancellationToken ct = default)
    {
        var normalized = Normalize(typed);
        if (normalized.Length != Length)
        {
            return CodeCheck.Refused(InvalidMessage);
        }
        var code = await db.Set<IncentiveCode>().AsNoTracking().FirstOrDefaultAsync(c => c.Code == normalized, ct);
        if (code is null || !string.Equals(code.Email, NormalizeEmail(email), StringComparison.Ordinal))
        {
            // A code issued to someone else reads as invalid: nothing about it is revealed.
            return CodeCheck.Refused(InvalidMessage);
        }
        if (code.RedeemedByOrderId is not null)
        {
            return CodeCheck.Refused(UsedMessage);
        }
        if (code.ExpiresAt <= clock.GetUtcNow().UtcDateTime)
        {
            return CodeCheck.Refused(ExpiredMessage);
        }
        if (code.Kind == DiscountKind.Amount && !string.Equals(code.Currency, currency, StringComparison.OrdinalIgnoreCase))
        {
            return CodeCheck.Refused($"That discount code is in {code.Currency} and can't be used for an order in {currency}.");
        }
        return new CodeCheck(code.Id, code.Code, DiscountFor(code.Kind, code.Value, subtotal, shipping), null);
    }

    /// <summary>
    /// Marks the code used by the order, inside the placement transaction. A single conditional
    /// UPDATE: of two orders racing for one code exactly one sees a row change. False: lost the race.
    /// </summary>
    public async Task<bool> RedeemAsync(int codeId, int orderId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var claimed = await db.Set<IncentiveCode>()
            .Where(c => c.Id == codeId && c.RedeemedByOrderId == null && c.ExpiresAt > now)
            .ExecuteUpdateAsync(u => u
                .SetProperty(c => c.RedeemedByOrderId, orderId)
                .SetProperty(c => c.RedeemedAt, now), ct);
        return claimed == 1;
    }

    /// <summary>The order that used a code was never paid (declined or expired): the code can be used again.</summary>
    public Task<int> ReleaseForOrderAsync(int orderId, CancellationToken ct = default) =>
        db.Set<IncentiveCode>().Where(c => c.RedeemedByOrderId == orderId)
            .ExecuteUpdateAsync(u => u
                .SetProperty(c => c.RedeemedByOrderId, (int?)null)
                .SetProperty(c => c.RedeemedAt, (DateTime?)null), ct);

    /// <summary>
    /// The "thanks for waiting" code for a paid order that backordered something, when the merchant
    /// offers one. Added to the context, not saved: the caller saves it in the payment's transaction.
    /// Null when there is nothing to issue or it was issued before.
    /// </summary>
    public async Task<IncentiveCode?> IssueNextPurchaseAsync(Order order, CancellationToken ct = default)
    {
        if (!order.Lines.Any(l => l.Backorders.Count > 0 || l.BackorderedQuantity > 0))
        {
            return null;
        }
        var s = await settings.GetAsync(ct);
        if (!s.NextPurchaseEnabled)
        {
            return null;
        }
        var key = "next:" + order.Id;
        if (await db.Set<IncentiveCode>().AnyAsync(c => c.IssueKey == key, ct))
        {
            return null;
        }
        var code = New(IncentiveReason.NextPurchase, order.Email, s.NextPurchaseKind, s.NextPurchaseValue, order.Currency, s.NextPurchaseValidDays, key);
        code.SourceOrderId = order.Id;
        db.Add(code);
        return code;
    }

    internal IncentiveCode New(IncentiveReason reason, string email, DiscountKind kind, long value, string currency, int validDays, string key)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new IncentiveCode
        {
            Code = NewCode(),
            Email = NormalizeEmail(email),
            Reason = reason,
            Kind = kind,
            Value = value,
            Currency = currency,
            IssuedAt = now,
            ExpiresAt = now.AddDays(validDays),
            IssueKey = key,
        };
    }

    /// <summary>
    /// The codes an order page shows: those the order earned (next purchase, apologies) and the one it used.
    /// </summary>
    public async Task<IReadOnlyList<IncentiveCodeView>> ForOrderAsync(int orderId, CancellationToken ct = default)
    {
        var codes = await db.Set<IncentiveCode>().AsNoTracking()
            .Where(c => c.SourceOrderId == orderId || c.RedeemedByOrderId == orderId)
            .OrderBy(c => c.IssuedAt).ThenBy(c => c.Id)
            .ToListAsync(ct);
        return codes.Select(c => new IncentiveCodeView(Format(c.Code), c.Reason, Describe(c), c.ExpiresAt,
            c.RedeemedByOrderId is not null, c.RedeemedByOrderId == orderId)).ToList();
    }

    internal static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();
}
