using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Catalog;
using Storefront.Core.Common;
using Storefront.Core.Data;
using Storefront.Core.Etas;
using Storefront.Core.Inventory;
using Storefront.Core.Planning;
using Storefront.Core.Reports;

namespace Storefront.Web.Areas.Admin.Api;

/// <summary>
/// JSON inventory endpoints for ERP and warehouse systems. Bodies are read by hand so that malformed
/// JSON is a 400 problem, never a 500 or an empty 400. Receipts and upward adjustments serve the
/// backorder queue oldest first, exactly as the Admin pages do.
/// </summary>
public static class InventoryApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/products/{sku}/stock", GetStockAsync);
        api.MapPost("/products/{sku}/adjustments", AdjustAsync);
        api.MapPost("/products/{sku}/receipts", ReceiveAsync);
        api.MapPut("/products/{sku}/restock-date", SetRestockDateAsync);
        api.MapGet("/backorders", ListBackordersAsync);
        api.MapGet("/replenishment", ListReplenishmentAsync);
        api.MapGet("/deliveries", ListDeliveriesAsync);
        api.MapPost("/deliveries", CreateDeliveryAsync);
        api.MapPut("/deliveries/{id:int}", EditDeliveryAsync);
    }

    public sealed record StockDto(string Sku, int OnHand, int Allocated, int Available, int Backordered);

    public sealed record FilledDto(string OrderNumber, int Quantity);

    public sealed record ReceiptDto(string Sku, int Received, IReadOnlyList<FilledDto> Filled, StockDto Stock);

    public sealed record RestockDto(string Sku, string? RestockDate, string? Note, int EtasChanged, int CustomersAffected);

    /// <param name="Consent">NotNeeded, Implied, Required, Given, Refused or Expired (ADR 0021).</param>
    /// <param name="ConsentDeadline">When Consent is Required: by when the customer must answer (ISO 8601, UTC); otherwise null.</param>
    public sealed record BackorderDto(string OrderNumber, string Sku, int Quantity, DateTime PlacedAt, int Position, string Eta, string PromisedEta,
        string CurrentEta, string Consent, DateTime? ConsentDeadline, bool Pinned, bool Held);

    public sealed record BackordersDto(IReadOnlyList<BackorderDto> Items);

    public sealed record ReplenishmentDto(IReadOnlyList<ReplenishmentItem> Items);

    /// <param name="Status">Scheduled, Received or Cancelled.</param>
    public sealed record DeliveryDto(int Id, string Sku, int Quantity, int Received, string ExpectedDate, string? Supplier, string Reference, string Status);

    public sealed record DeliveriesDto(IReadOnlyList<DeliveryDto> Items);

    private sealed record DeliveryCreateBody(string? Sku, int? Quantity, string? ExpectedDate, string? Supplier, string? Reference);

    /// <summary>Every field optional: left out (or null), it keeps its stored value; <c>supplier: ""</c> removes the supplier.</summary>
    private sealed record DeliveryEditBody(int? Quantity, string? ExpectedDate, string? Supplier, string? Reference, string? Reason);

    private sealed record AdjustmentBody(int? Quantity, string? Reason);

    private sealed record ReceiptBody(int? Quantity, string? Reference);

    /// <summary>JsonElement, not string: a key left out (Undefined) and a key set to null mean different things.</summary>
    private sealed record RestockBody(JsonElement Date, JsonElement Note);

    /// <summary>Every product's replenishment figures (the Replenishment page's CSV as JSON); <c>?status=</c> keeps one status.</summary>
    private static async Task<IResult> ListReplenishmentAsync(string? status, ReplenishmentReport report, CancellationToken ct)
    {
        ReplenishmentStatus? only = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<ReplenishmentStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(status, out _))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown status",
                    detail: $"status is one of {string.Join(", ", Enum.GetNames<ReplenishmentStatus>())}.");
            }
            only = parsed;
        }
        var rows = await report.LoadAsync(await report.SettingsAsync(ct), ct: ct);
        return TypedResults.Ok(new ReplenishmentDto([.. rows.Where(r => only is null || r.Plan.Status == only).Select(ReplenishmentItem.From)]));
    }

    private static async Task<IResult> GetStockAsync(string sku, StorefrontDbContext db, CancellationToken ct)
    {
        var stock = await StockAsync(db, sku, ct);
        return stock is null ? UnknownSku(sku) : TypedResults.Ok(stock);
    }

    private static async Task<IResult> AdjustAsync(string sku, HttpContext http, StorefrontDbContext db, StockAdjustments adjustments, CancellationToken ct)
    {
        var (body, error) = await ReadAsync<AdjustmentBody>(http, ct);
        if (error is not null)
        {
            return error;
        }
        if (body!.Quantity is not { } delta)
        {
            return BadRequest("Invalid quantity", "quantity must be a non-zero whole number (the change in on-hand units).");
        }
        var productId = await ProductIdAsync(db, sku, ct);
        if (productId is null)
        {
            return UnknownSku(sku);
        }
        // The same rules as the Admin stock page: one ledger row, the queue served first on an increase.
        var result = await adjustments.AdjustAsync(productId.Value, delta, body.Reason, Actor(http), ct);
        return result.Outcome switch
        {
            AdjustmentOutcome.Adjusted => TypedResults.Ok(await StockAsync(db, sku, ct)),
            AdjustmentOutcome.Refused => TypedResults.Problem(title: "Not enough stock", detail: result.Error, statusCode: StatusCodes.Status409Conflict),
            AdjustmentOutcome.NotFound => UnknownSku(sku),
            _ => BadRequest("Invalid adjustment", result.Error ?? "The adjustment is not valid."),
        };
    }

    private static async Task<IResult> ReceiveAsync(string sku, HttpContext http, StorefrontDbContext db, Receiving receiving, CancellationToken ct)
    {
        var (body, error) = await ReadAsync<ReceiptBody>(http, ct);
        if (error is not null)
        {
            return error;
        }
        if (body!.Quantity is not { } quantity || quantity < 1 || quantity > Receiving.MaxQuantity)
        {
            return BadRequest("Invalid quantity", $"quantity must be a whole number from 1 to {Receiving.MaxQuantity}.");
        }
        if (body.Reference is { Length: > 100 })
        {
            return BadRequest("Invalid reference", "reference can be at most 100 characters.");
        }
        var productId = await ProductIdAsync(db, sku, ct);
        if (productId is null)
        {
            return UnknownSku(sku);
        }
        var outcome = await receiving.ReceiveAsync(productId.Value, quantity, body.Reference, Actor(http), ct);
        if (outcome.Result is not { } r)
        {
            return BadRequest("Receipt refused", string.Join(" ", outcome.Errors));
        }
        var stock = new StockDto(r.Sku, r.Stock.OnHand, r.Stock.Allocated, r.Stock.Available, r.Stock.Backordered);
        return TypedResults.Ok(new ReceiptDto(r.Sku, r.Received, r.Filled.Select(f => new FilledDto(f.OrderNumber, f.Quantity)).ToList(), stock));
    }

    /// <summary>
    /// Sets or clears a product's restock date: <c>{"date": "2027-05-01"}</c> sets it, <c>{"date": null}</c>
    /// clears it, and the key is required (an empty body must not wipe a promise by accident). <c>note</c>
    /// is optional: left out, the stored note stays; null or "" clears it; text replaces it.
    /// </summary>
    private static async Task<IResult> SetRestockDateAsync(string sku, HttpContext http, StorefrontDbContext db, Deliveries deliveries, TimeProvider clock, CancellationToken ct)
    {
        var (body, error) = await ReadAsync<RestockBody>(http, ct);
        if (error is not null)
        {
            return error;
        }
        DateOnly? date;
        switch (body!.Date.ValueKind)
        {
            case JsonValueKind.Null:
                date = null;
                break;
            case JsonValueKind.String when DateOnly.TryParseExact(body.Date.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed):
                date = parsed;
                break;
            default:
                return FieldProblem("date", ValidationCodes.Format,
                    "date must be a calendar date written YYYY-MM-DD, or null to clear the restock date.");
        }
        var keepNote = body.Note.ValueKind == JsonValueKind.Undefined;
        if (body.Note.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.String))
        {
            return FieldProblem("note", ValidationCodes.Format, "note must be text, or null to clear it (leave it out to keep the note as it is).");
        }
        var note = body.Note.ValueKind == JsonValueKind.String ? body.Note.GetString() : null;
        // The Admin pages' rules, except that a past date is refused even when it is the one stored.
        if (RestockDateRules.Validate(date, keepNote ? null : note, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)) is [var invalid, ..])
        {
            return FieldProblem(invalid.Field == RestockDateRules.DateField ? "date" : "note", invalid.Code, invalid.Message);
        }
        var productId = await ProductIdAsync(db, sku, ct);
        if (productId is null)
        {
            return UnknownSku(sku);
        }
        var saved = await deliveries.SetRestockDateAsync(productId.Value, date, note, Actor(http), ct, keepNote);
        if (saved.Result == RestockResult.NotFound)
        {
            return UnknownSku(sku);
        }
        if (saved.Result != RestockResult.Saved)
        {
            return BadRequest("Invalid restock date", string.Join(" ", saved.Errors));
        }
        var stored = await db.Products.AsNoTracking().Where(p => p.Id == productId).Select(p => new { p.RestockDate, p.RestockNote }).SingleAsync(ct);
        return TypedResults.Ok(new RestockDto(sku, stored.RestockDate is { } d ? DateText.Iso(d) : null, stored.RestockNote, saved.Etas!.LinesMoved, saved.Etas.CustomersAffected));
    }

    private static async Task<IResult> ListBackordersAsync(string? sku, StorefrontDbContext db, BackorderReport queue, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(sku) && await ProductIdAsync(db, sku, ct) is null)
        {
            return UnknownSku(sku);
        }
        var entries = await queue.ListAsync(new BackorderReportFilter(Sku: sku), ct);
        return TypedResults.Ok(new BackordersDto(entries.Select(e => new BackorderDto(
            e.OrderNumber, e.Sku, e.Quantity, e.PlacedAt, e.Position, DateText.Iso(e.CurrentEta), DateText.Iso(e.PromisedEta),
            DateText.Iso(e.CurrentEta), e.Consent.ToString(), e.ConsentDeadline, e.PinnedAt is not null, e.HeldAt is not null)).ToList()));
    }

    /// <summary>Scheduled deliveries by expected date, or only one SKU's.</summary>
    private static async Task<IResult> ListDeliveriesAsync(string? sku, StorefrontDbContext db, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(sku) && await ProductIdAsync(db, sku, ct) is null)
        {
            return UnknownSku(sku);
        }
        var query = db.InboundDeliveries.AsNoTracking().Include(d => d.Product).Include(d => d.Supplier)
            .Where(d => d.Status == DeliveryStatus.Scheduled);
        if (!string.IsNullOrWhiteSpace(sku))
        {
            query = query.Where(d => d.Product!.Sku == sku);
        }
        var rows = await query.OrderBy(d => d.ExpectedDate).ThenBy(d => d.Id).ToListAsync(ct);
        return TypedResults.Ok(new DeliveriesDto([.. rows.Select(ToDto)]));
    }

    /// <summary>Schedules a delivery through the same service as the Admin delivery form (validation, supplier found or added, ETAs, notices).</summary>
    private static async Task<IResult> CreateDeliveryAsync(HttpContext http, StorefrontDbContext db, Deliveries deliveries, CancellationToken ct)
    {
        var (body, error) = await ReadAsync<DeliveryCreateBody>(http, ct);
        if (error is not null)
        {
            return error;
        }
        if (string.IsNullOrWhiteSpace(body!.Sku))
        {
            return FieldProblem("sku", ValidationCodes.Required, "sku is required: the product the delivery brings.");
        }
        if (body.Quantity is not { } quantity)
        {
            return FieldProblem("quantity", ValidationCodes.Required, $"quantity is required: a whole number from 1 to {Deliveries.MaxQuantity}.");
        }
        if (ParseDate(body.ExpectedDate) is not { } date)
        {
            return FieldProblem("expectedDate", ValidationCodes.Format, "expectedDate is required, a calendar date written YYYY-MM-DD.");
        }
        var productId = await ProductIdAsync(db, body.Sku, ct);
        if (productId is null)
        {
            return UnknownSku(body.Sku);
        }
        var outcome = await deliveries.CreateAsync(productId.Value, new DeliveryInput(quantity, date, body.Reference, body.Supplier), Actor(http), ct);
        if (!outcome.Succeeded)
        {
            return BadRequest("Invalid delivery", string.Join(" ", outcome.Errors));
        }
        var created = await deliveries.FindAsync(outcome.Delivery!.Id, ct);
        return TypedResults.Created($"/api/admin/deliveries/{created!.Id}", ToDto(created));
    }

    /// <summary>Changes a scheduled delivery through the same service as the Admin edit form; fields left out keep their stored values.</summary>
    private static async Task<IResult> EditDeliveryAsync(int id, HttpContext http, Deliveries deliveries, CancellationToken ct)
    {
        var (body, error) = await ReadAsync<DeliveryEditBody>(http, ct);
        if (error is not null)
        {
            return error;
        }
        if (body!.Reason is { Length: > Deliveries.ReasonMaxLength })
        {
            return FieldProblem("reason", ValidationCodes.TooLong, $"reason can be at most {Deliveries.ReasonMaxLength} characters.");
        }
        var current = await deliveries.FindAsync(id, ct);
        if (current is null)
        {
            return UnknownDelivery(id);
        }
        var date = body.ExpectedDate is null ? current.ExpectedDate : ParseDate(body.ExpectedDate);
        if (date is null)
        {
            return FieldProblem("expectedDate", ValidationCodes.Format, "expectedDate must be a calendar date written YYYY-MM-DD (leave it out to keep the date).");
        }
        if (current.Status != DeliveryStatus.Scheduled)
        {
            return TypedResults.Problem(title: "Delivery closed", statusCode: StatusCodes.Status409Conflict,
                detail: $"This delivery is {current.Status.ToString().ToLowerInvariant()} and can no longer be changed.");
        }
        var input = new DeliveryInput(body.Quantity ?? current.Quantity, date.Value, body.Reference ?? current.SupplierReference, body.Supplier);
        var outcome = await deliveries.EditAsync(id, input, Actor(http), body.Reason, ct);
        if (!outcome.Succeeded)
        {
            return BadRequest("Invalid delivery", string.Join(" ", outcome.Errors));
        }
        return TypedResults.Ok(ToDto((await deliveries.FindAsync(id, ct))!));
    }

    private static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private static DeliveryDto ToDto(InboundDelivery d) =>
        new(d.Id, d.Product?.Sku ?? "", d.Quantity, d.ReceivedQuantity, DateText.Iso(d.ExpectedDate), d.Supplier?.Name, d.SupplierReference, d.Status.ToString());

    private static IResult UnknownDelivery(int id) =>
        TypedResults.Problem(title: "Delivery not found", detail: $"No delivery has the id {id}.", statusCode: StatusCodes.Status404NotFound);

    private static async Task<(T? Body, IResult? Error)> ReadAsync<T>(HttpContext http, CancellationToken ct) where T : class
    {
        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(http.Request.Body, Json, ct);
            return body is null ? (null, BadRequest("Missing body", "Send a JSON object.")) : (body, null);
        }
        catch (JsonException e)
        {
            return (null, BadRequest("Malformed JSON", e.Path is { Length: > 1 } path ? $"The body is not valid JSON for this endpoint (at {path})." : "The body is not valid JSON."));
        }
    }

    private static Task<StockDto?> StockAsync(StorefrontDbContext db, string sku, CancellationToken ct) =>
        db.Products.AsNoTracking().Where(p => p.Sku == sku)
            .Select(p => new StockDto(p.Sku,
                p.Stock == null ? 0 : p.Stock.OnHand,
                p.Stock == null ? 0 : p.Stock.Allocated,
                p.Stock == null ? 0 : p.Stock.OnHand - p.Stock.Allocated,
                p.Stock == null ? 0 : p.Stock.Backordered))
            .FirstOrDefaultAsync(ct);

    private static async Task<int?> ProductIdAsync(StorefrontDbContext db, string sku, CancellationToken ct) =>
        await db.Products.AsNoTracking().Where(p => p.Sku == sku).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);

    private static string Actor(HttpContext http) => http.Items[BearerKeyFilter.ActorItem] as string ?? "api";

    private static IResult UnknownSku(string sku) =>
        TypedResults.Problem(title: "Product not found", detail: $"No product has the SKU '{sku}'.", statusCode: StatusCodes.Status404NotFound);

    private static IResult FieldProblem(string field, string code, string detail) =>
        TypedResults.Problem(title: $"Invalid {field}", detail: detail, statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["field"] = field, ["code"] = code });

    private static IResult BadRequest(string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: StatusCodes.Status400BadRequest);
}
