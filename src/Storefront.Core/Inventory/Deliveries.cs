using Microsoft.EntityFrameworkCore;
using Storefront.Core.Catalog;
using Storefront.Core.Common;
using Storefront.Core.Data;
using Storefront.Core.Etas;

namespace Storefront.Core.Inventory;

/// <summary>What staff type for a delivery.</summary>
/// <param name="Supplier">The supplier's name as staff type it (found or added); blank: none; null on an edit: unchanged.</param>
public sealed record DeliveryInput(int Quantity, DateOnly ExpectedDate, string? SupplierReference, string? Supplier = null);

public enum RestockResult
{
    Saved,
    Invalid,
    NotFound,
}

/// <summary>What setting a restock date did: the ETAs it moved, or why it was refused.</summary>
public sealed record RestockOutcome(RestockResult Result, EtaPreview? Etas, IReadOnlyList<string> Errors);

public sealed record DeliveryOutcome(InboundDelivery? Delivery, IReadOnlyList<string> Errors, EtaPreview? Etas)
{
    public bool Succeeded => Delivery is not null && Errors.Count == 0;

    public static DeliveryOutcome Fail(params string[] errors) => new(null, errors, null);
}

/// <summary>
/// Inbound deliveries: create, edit and cancel. Every change recomputes the product's backorder
/// ETAs in the same transaction (a delivery is what those ETAs are made of); each has a preview
/// that says how many customers' ETAs would move before staff confirm.
/// </summary>
public sealed class Deliveries(StorefrontDbContext db, InventoryEngine inventory, EtaRecalculation etas, TimeProvider clock, Suppliers.SupplierDirectory suppliers)
{
    public const int MaxQuantity = 1_000_000;

    /// <summary>The longest "why" staff may give for an edit (kept in the ETA history).</summary>
    public const int ReasonMaxLength = 200;

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public IReadOnlyList<string> Validate(DeliveryInput input, int receivedSoFar = 0, DateOnly? unchangedDate = null)
    {
        var errors = new List<string>();
        if (input.Quantity < 1 || input.Quantity > MaxQuantity)
        {
            errors.Add($"Quantity must be between 1 and {MaxQuantity}.");
        }
        else if (input.Quantity < receivedSoFar)
        {
            errors.Add($"{receivedSoFar} units of this delivery have already been received: the quantity cannot be less.");
        }
        // An overdue delivery may keep its date; a new or moved date cannot be in the past, nor years away.
        if (DateWindow.CheckExpected(nameof(DeliveryInput.ExpectedDate), "The expected date", input.ExpectedDate, Today, unchangedDate) is { } date)
        {
            errors.Add(date.Message);
        }
        if (input.SupplierReference is { Length: > 100 })
        {
            errors.Add("The supplier reference can be at most 100 characters.");
        }
        if (!string.IsNullOrWhiteSpace(input.Supplier) && Suppliers.SupplierDirectory.ValidateName(input.Supplier) is { } supplier)
        {
            errors.Add(supplier);
        }
        return errors;
    }

    public async Task<EtaPreview> PreviewCreateAsync(int productId, DeliveryInput input, CancellationToken ct = default) =>
        await etas.PreviewDeliveriesAsync(productId, list => list.Append(new DeliveryPlan(null, input.ExpectedDate, input.Quantity)), ct);

    public async Task<EtaPreview?> PreviewEditAsync(int deliveryId, DeliveryInput input, CancellationToken ct = default)
    {
        var delivery = await FindAsync(deliveryId, ct);
        if (delivery is null)
        {
            return null;
        }
        var outstanding = Math.Max(0, input.Quantity - delivery.ReceivedQuantity);
        return await etas.PreviewDeliveriesAsync(delivery.ProductId, list => list
            .Where(d => d.DeliveryId != deliveryId)
            .Append(new DeliveryPlan(deliveryId, input.ExpectedDate, outstanding)), ct);
    }

    public async Task<EtaPreview?> PreviewCancelAsync(int deliveryId, CancellationToken ct = default)
    {
        var delivery = await FindAsync(deliveryId, ct);
        return delivery is null ? null : await etas.PreviewDeliveriesAsync(delivery.ProductId, list => list.Where(d => d.DeliveryId != deliveryId), ct);
    }

    public async Task<DeliveryOutcome> CreateAsync(int productId, DeliveryInput input, string actor, CancellationToken ct = default)
    {
        var errors = Validate(input);
        if (errors.Count > 0)
        {
            return new DeliveryOutcome(null, errors, null);
        }
        if (!await db.Products.AnyAsync(p => p.Id == productId, ct))
        {
            return DeliveryOutcome.Fail("Choose a product.");
        }
        return await InTransactionAsync(productId, () => AddInTransactionAsync(productId, input, actor, null, null, ct), ct);
    }

    /// <summary>
    /// Adds a delivery already validated, inside the caller's transaction, and settles the product's
    /// queue against it (a purchase order adds its lines this way, all in one transaction).
    /// </summary>
    internal async Task<DeliveryOutcome> AddInTransactionAsync(int productId, DeliveryInput input, string actor, int? supplierId, int? purchaseOrderId, CancellationToken ct)
    {
        var delivery = new InboundDelivery
        {
            ProductId = productId,
            Quantity = input.Quantity,
            ExpectedDate = input.ExpectedDate,
            SupplierReference = input.SupplierReference?.Trim() ?? "",
            SupplierId = supplierId,
            PurchaseOrderId = purchaseOrderId,
            Supplier = supplierId is null && !string.IsNullOrWhiteSpace(input.Supplier) ? await suppliers.FindOrAddAsync(input.Supplier, ct) : null,
            Status = DeliveryStatus.Scheduled,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.InboundDeliveries.Add(delivery);
        await db.SaveChangesAsync(ct);
        var moved = (await inventory.ScheduleChangedAsync(productId, EtaChangeKind.DeliveryAdded, $"New delivery {Describe(delivery)}", actor, ct)).Etas;
        return new DeliveryOutcome(delivery, [], moved);
    }

    public async Task<DeliveryOutcome> EditAsync(int deliveryId, DeliveryInput input, string actor, string? why = null, CancellationToken ct = default)
    {
        var current = await FindAsync(deliveryId, ct);
        if (current is null)
        {
            return DeliveryOutcome.Fail("This delivery does not exist.");
        }
        if (current.Status != DeliveryStatus.Scheduled)
        {
            return DeliveryOutcome.Fail($"This delivery is {current.Status.ToString().ToLowerInvariant()} and can no longer be changed.");
        }
        var errors = Validate(input, current.ReceivedQuantity, current.ExpectedDate);
        if (errors.Count > 0)
        {
            return new DeliveryOutcome(null, errors, null);
        }
        return await InTransactionAsync(current.ProductId, async () =>
        {
            var reference = input.SupplierReference?.Trim() ?? "";
            var supplierId = current.SupplierId;
            if (input.Supplier is not null)
            {
                var supplier = string.IsNullOrWhiteSpace(input.Supplier) ? null : await suppliers.FindOrAddAsync(input.Supplier, ct);
                if (supplier is { Id: 0 })
                {
                    await db.SaveChangesAsync(ct);
                }
                supplierId = supplier?.Id;
            }
            // Conditional: a receipt or cancellation that got there first wins, and nothing is received twice.
            var updated = await db.InboundDeliveries
                .Where(d => d.Id == deliveryId && d.Status == DeliveryStatus.Scheduled && d.ReceivedQuantity <= input.Quantity)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(d => d.Quantity, input.Quantity)
                    .SetProperty(d => d.ExpectedDate, input.ExpectedDate)
                    .SetProperty(d => d.SupplierReference, reference)
                    .SetProperty(d => d.SupplierId, supplierId), ct);
            if (updated == 0)
            {
                return DeliveryOutcome.Fail("This delivery was received or cancelled meanwhile. Reload the page and try again.");
            }
            var edited = await db.InboundDeliveries.AsNoTracking().Include(d => d.Product).SingleAsync(d => d.Id == deliveryId, ct);
            var changes = new List<string>();
            if (current.ExpectedDate != input.ExpectedDate)
            {
                changes.Add($"date {DateText.Iso(current.ExpectedDate)} → {DateText.Iso(input.ExpectedDate)}");
            }
            if (current.Quantity != input.Quantity)
            {
                changes.Add($"quantity {current.Quantity} → {input.Quantity}");
            }
            var reason = $"Delivery {Label(edited)} changed" + (changes.Count > 0 ? $" ({string.Join(", ", changes)})" : "") + Why(why);
            var kind = (current.ExpectedDate != input.ExpectedDate, current.Quantity != input.Quantity) switch
            {
                (true, false) => EtaChangeKind.DeliveryRescheduled,
                (false, true) => EtaChangeKind.DeliveryQuantityChanged,
                _ => EtaChangeKind.DeliveryChanged,
            };
            var moved = (await inventory.ScheduleChangedAsync(current.ProductId, kind, reason, actor, ct)).Etas;
            return new DeliveryOutcome(edited, [], moved);
        }, ct);
    }

    public async Task<DeliveryOutcome> CancelAsync(int deliveryId, string actor, string? why = null, CancellationToken ct = default)
    {
        var current = await FindAsync(deliveryId, ct);
        if (current is null)
        {
            return DeliveryOutcome.Fail("This delivery does not exist.");
        }
        return await InTransactionAsync(current.ProductId, () => CancelInTransactionAsync(current, actor, why, ct), ct);
    }

    /// <summary>Cancels a scheduled delivery inside the caller's transaction (its product's row locked) and settles the queue.</summary>
    internal async Task<DeliveryOutcome> CancelInTransactionAsync(InboundDelivery current, string actor, string? why, CancellationToken ct)
    {
        var updated = await db.InboundDeliveries.Where(d => d.Id == current.Id && d.Status == DeliveryStatus.Scheduled)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, DeliveryStatus.Cancelled), ct);
        if (updated == 0)
        {
            return DeliveryOutcome.Fail("Only a scheduled delivery can be cancelled.");
        }
        var moved = (await inventory.ScheduleChangedAsync(current.ProductId, EtaChangeKind.DeliveryCancelled, $"Delivery {Label(current)} cancelled" + Why(why), actor, ct)).Etas;
        current.Status = DeliveryStatus.Cancelled;
        return new DeliveryOutcome(current, [], moved);
    }

    public Task<InboundDelivery?> FindAsync(int deliveryId, CancellationToken ct = default) =>
        db.InboundDeliveries.AsNoTracking().Include(d => d.Product).Include(d => d.Supplier).FirstOrDefaultAsync(d => d.Id == deliveryId, ct);

    /// <summary>
    /// Sets the product's restock date (null clears it) and settles its queue against it, in one
    /// transaction, after checking both against <see cref="RestockDateRules"/>. With
    /// <paramref name="keepNote"/> the stored note stays as it is and <paramref name="note"/> is ignored.
    /// </summary>
    public async Task<RestockOutcome> SetRestockDateAsync(int productId, DateOnly? newDate, string? note, string actor, CancellationToken ct = default,
        bool keepNote = false)
    {
        var stored = await db.Products.AsNoTracking().Where(p => p.Id == productId).Select(p => p.RestockDate).FirstOrDefaultAsync(ct);
        if (keepNote)
        {
            note = null;
        }
        var errors = RestockDateRules.Validate(newDate, note, Today, stored).Select(e => e.Message).ToList();
        if (errors.Count > 0)
        {
            return new RestockOutcome(RestockResult.Invalid, null, errors);
        }
        var trimmed = RestockDateRules.Normalize(note);
        var moved = await db.InTransactionAsync(async ct =>
        {
            // The stock row lock orders us with checkouts adding lines to this queue.
            await inventory.LockAsync(productId, ct);
            var updated = keepNote
                ? await db.Products.Where(p => p.Id == productId)
                    .ExecuteUpdateAsync(u => u
                        .SetProperty(p => p.RestockDate, newDate)
                        .SetProperty(p => p.Version, p => p.Version + 1), ct)
                : await db.Products.Where(p => p.Id == productId)
                    .ExecuteUpdateAsync(u => u
                        .SetProperty(p => p.RestockDate, newDate)
                        .SetProperty(p => p.RestockNote, trimmed)
                        .SetProperty(p => p.Version, p => p.Version + 1), ct);
            if (updated == 0)
            {
                return null;
            }
            var reason = newDate is { } d ? $"Restock date set to {DateText.Iso(d)}" : "Restock date cleared";
            if (trimmed is not null)
            {
                reason += ": " + trimmed;
            }
            return (await inventory.ScheduleChangedAsync(productId, EtaChangeKind.RestockDateChanged, reason, actor, ct)).Etas;
        }, moved => moved is not null, ct);
        return moved is null ? new RestockOutcome(RestockResult.NotFound, null, ["There is no such product."]) : new RestockOutcome(RestockResult.Saved, moved, []);
    }

    private Task<DeliveryOutcome> InTransactionAsync(int productId, Func<Task<DeliveryOutcome>> work, CancellationToken ct) =>
        db.InTransactionAsync(async ct =>
        {
            // The stock row lock orders this change with checkouts joining the product's queue.
            await inventory.LockAsync(productId, ct);
            return await work();
        }, outcome => outcome.Succeeded, ct);

    private static string Label(InboundDelivery d) => string.IsNullOrWhiteSpace(d.SupplierReference) ? $"#{d.Id}" : $"#{d.Id} ({d.SupplierReference})";

    private static string Describe(InboundDelivery d) => $"{Label(d)}: {d.Quantity} units expected {DateText.Iso(d.ExpectedDate)}";

    private static string Why(string? why) => string.IsNullOrWhiteSpace(why) ? "" : ": " + why.Trim();
}
