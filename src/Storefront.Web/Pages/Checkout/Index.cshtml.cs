using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Storefront.Core.Availability;
using Storefront.Core.Checkout;
using Storefront.Core.Common;
using Storefront.Core.Incentives;
using Storefront.Core.Orders;
using Storefront.Core.Payments;
using Storefront.Core.Shipping;
using Storefront.Web.Checkout;
using Storefront.Web.Infrastructure;

namespace Storefront.Web.Pages.Checkout;

/// <remarks>Placing an order holds stock, so its posts are limited per client (RateLimits:Checkout).</remarks>
[EnableRateLimiting(RateLimitPolicies.Checkout)]
public class IndexModel(
    CartService carts,
    CartContext context,
    BrowserBinding browser,
    CheckoutDetailsCookie details,
    OrderPlacement placement,
    PaymentService payments,
    OrderAccess access,
    IOptions<StoreOptions> store,
    IOptions<ShippingOptions> shipping,
    IncentiveSettingsService incentives,
    ILogger<IndexModel> logger) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public CartView Summary { get; private set; } = CartView.Empty("USD");

    /// <summary>No Stripe and no test mode: the page says so and offers no "Place order".</summary>
    public bool TakesPayments => payments.Setup.TakesPayments;

    /// <summary>Free shipping on backordered units, as the merchant set it; read once per request.</summary>
    public bool FreeShippingOnBackorders { get; private set; }

    private bool ShipsNow => Summary.Lines.Any(l => l.Split.ShipNow > 0);

    /// <summary>Something ships now and something waits: the shopper chooses one parcel or two.</summary>
    public bool OffersShippingChoice => ShipsNow && Summary.HasBackorders;

    public Money ShippingFor(ShippingChoice choice) => new(ShippingCharges.Charge(store.Value.FlatShippingAmount,
        shipping.Value.SplitShipmentExtraAmount, FreeShippingOnBackorders, ShipsNow, Summary.HasBackorders, choice), Summary.Currency);

    /// <summary>The choice the summary prices: the shopper's, or the one the order would be stored with.</summary>
    public ShippingChoice SelectedChoice => ShippingCharges.Effective(ShipsNow, Summary.HasBackorders, Input.Shipping);

    public Money Shipping => ShippingFor(SelectedChoice);

    /// <summary>Before any discount code: the code is checked, and the total lowered, when the order is placed.</summary>
    public Money Total => Summary.Subtotal + Shipping;

    public static string ChoiceText(ShippingChoice choice) => choice switch
    {
        ShippingChoice.Split => "Ship what's available now, the rest when it arrives",
        ShippingChoice.Together => "Ship everything together",
        _ => "One shipment",
    };

    /// <summary>What each choice means for this cart, with the date the waiting items are expected.</summary>
    public static string ChoiceDetail(ShippingChoice choice, DateOnly? lastEta, bool freeOnBackorders)
    {
        var by = lastEta is { } d ? " by " + DateText.ForPeople(d) : "";
        return choice == ShippingChoice.Split
            ? (freeOnBackorders
                ? $"Two parcels: the in-stock items now, the rest{by}; the second parcel ships free."
                : $"Two parcels: the in-stock items now, the rest{by}, when they arrive.")
            : (freeOnBackorders
                ? $"One parcel{by}, when the backordered items arrive; the in-stock items wait for them. Shipping is free."
                : $"One parcel{by}, when the backordered items arrive; the in-stock items wait for them.");
    }

    /// <summary>What the shopper accepts for one line that waits: its backorder date, or its pre-order release.</summary>
    public static string ConsentFor(CartLineView l) => l.Availability.PreOrderRelease is { } release
        ? $"{l.Item.Quantity} × {l.Product.Name} will ship as a pre-order ({AvailabilityText.PreOrder(release, l.Split.Eta)})"
        : $"{l.Split.Backordered} × {l.Product.Name} will be on backorder and ship by {(l.Split.Eta is { } d ? DateText.ForPeople(d) : "a date to be confirmed")}";

    public class LineInput
    {
        [Range(1, int.MaxValue)]
        public int ProductId { get; set; }

        // 10,000 only keeps sums far from overflowing; the real limit per order is checked, and named, at placement.
        [Range(1, 10_000, ErrorMessage = "Each quantity must be a whole number, 1 or more, up to the most your cart says you can order.")]
        public int Quantity { get; set; }
    }

    public class InputModel
    {
        [Required, EmailAddress, StringLength(256)]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";

        [Required, StringLength(200)]
        [Display(Name = "Full name")]
        public string Name { get; set; } = "";

        [Required, StringLength(200)]
        [Display(Name = "Address")]
        public string Line1 { get; set; } = "";

        [StringLength(200)]
        [Display(Name = "Apartment, suite (optional)")]
        public string? Line2 { get; set; }

        [Required, StringLength(100)]
        [Display(Name = "City")]
        public string City { get; set; } = "";

        [Required, StringLength(20)]
        [Display(Name = "Postal code")]
        public string PostalCode { get; set; } = "";

        [Required, StringLength(100)]
        [Display(Name = "Country")]
        public string Country { get; set; } = "United States";

        public bool AcceptBackorder { get; set; }

        /// <summary>Only asked when something ships now and something is backordered; absent means together.</summary>
        [Display(Name = "Shipping")]
        public ShippingChoice? Shipping { get; set; }

        [StringLength(40)]
        [Display(Name = "Discount code")]
        public string? DiscountCode { get; set; }

        /// <summary>Made when the form renders: submitting it twice places one order.</summary>
        [Required, StringLength(64)]
        public string CheckoutKey { get; set; } = "";

        public List<LineInput> Lines { get; set; } = [];
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var cart = await carts.GetAsync(await context.CurrentCartIdAsync(ct), ct);
        if (cart.Lines.Count == 0)
        {
            return RedirectToPage("/Cart/Index");
        }
        Summary = cart;
        FreeShippingOnBackorders = (await incentives.GetAsync(ct)).FreeShippingOnBackorders;
        Input.Shipping = ShippingChoice.Together;
        Input.CheckoutKey = Guid.NewGuid().ToString("N");
        // The browser gets its secret with the form, so two submits of this form find one order.
        browser.Secret();
        Input.Lines = cart.Lines.Select(l => new LineInput { ProductId = l.Product.Id, Quantity = l.Item.Quantity }).ToList();
        Input.Email = User.Identity?.IsAuthenticated == true ? User.Identity.Name ?? "" : "";
        if (details.Recall() is { } typed)
        {
            // Back after a declined card or a lapsed hold: the form is as the shopper left it.
            (Input.Email, Input.Name, Input.Line1, Input.Line2, Input.City, Input.PostalCode, Input.Country) =
                (typed.Email, typed.Name, typed.Line1, typed.Line2, typed.City, typed.PostalCode, typed.Country);
            Input.Shipping = typed.Shipping is { } choice && Enum.IsDefined(choice) ? choice : Input.Shipping;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var lines = Input.Lines.Select(l => new OrderLineRequest(l.ProductId, l.Quantity)).ToList();
        Summary = await carts.PreviewAsync(lines, ct);
        if (!payments.Setup.TakesPayments)
        {
            // Refused before anything is held or recorded: no order exists that could never be paid.
            ModelState.AddModelError("", PaymentSetup.NotConfiguredMessage);
            return await ShowAsync(ct);
        }
        if (Input.Shipping is { } chosen && !Enum.IsDefined(chosen))
        {
            ModelState.AddModelError("Input.Shipping", "Please choose how to ship your order.");
        }
        if (Summary.HasBackorders && !Input.AcceptBackorder)
        {
            ModelState.AddModelError("Input.AcceptBackorder", Summary.Lines.All(l => l.Split.Backordered == 0 || l.Availability.PreOrderRelease is not null)
                ? "Please accept the pre-order release date to place your order."
                : "Please accept the backorder date to place your order.");
        }
        if (lines.Count == 0 || Summary.Lines.Count != lines.Select(l => l.ProductId).Distinct().Count())
        {
            ModelState.AddModelError("", "Your order has items that can't be found. Please review your cart.");
        }
        if (!ModelState.IsValid)
        {
            return await ShowAsync(ct);
        }

        var result = await placement.PlaceAsync(new PlaceOrderRequest(
            browser.CheckoutKeyFor(Input.CheckoutKey),
            Input.Email,
            context.UserId,
            new ShippingAddress(Input.Name, Input.Line1, Input.Line2, Input.City, Input.PostalCode, Input.Country),
            lines,
            Input.AcceptBackorder,
            Input.Shipping,
            Input.DiscountCode,
            new CheckoutClient(browser.ClientKey(context.UserId), browser.AddressKey()),
            Summary.Seen), ct);
        if (!result.Succeeded)
        {
            // A code problem is shown next to the code field as well as in the summary.
            var field = result.ErrorField == PlaceOrderResult.DiscountCodeField ? "Input.DiscountCode" : "";
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(field, error);
            }
            return await ShowAsync(ct);
        }

        var order = result.Order!;
        details.Remember(new CheckoutDetails(Input.Email, Input.Name, Input.Line1, Input.Line2, Input.City, Input.PostalCode, Input.Country, Input.Shipping));
        var token = access.TokenFor(order.Number);
        try
        {
            var urls = PaymentPages.ReturnUrls(this, store.Value, order.Number, token);
            // An order placed by this very request has no payment attempt yet: nothing to read back.
            var session = result.Outcome == PlaceOrderOutcome.Placed
                ? await payments.BeginPlacedAsync(order, urls, ct)
                : await payments.BeginAsync(order.Id, urls, ct);
            if (session is null)
            {
                // Already paid or already ended (a double submit after paying): show where it stands.
                return Redirect(PaymentPages.ConfirmationUrl(this, store.Value, order.Number, token));
            }
            return Redirect(PaymentPages.Target(session, token));
        }
        catch (PaymentDeclinedException ex)
        {
            // The hold is already released; the shopper can change the order and try again.
            logger.LogWarning(ex, "Payment was declined when starting order {Order}", order.Number);
            ModelState.AddModelError("", ex.Message + " Nothing was charged.");
            ModelState.Remove("Input.CheckoutKey");
            Input.CheckoutKey = Guid.NewGuid().ToString("N");
            return await ShowAsync(ct);
        }
        catch (PaymentUnavailableException ex)
        {
            // The order stays held: submitting the same form again resumes this very order.
            logger.LogWarning(ex, "The payment provider was unavailable for order {Order}", order.Number);
            ModelState.AddModelError("", "We couldn't reach our payment provider. Nothing was charged; please try again in a moment.");
            return await ShowAsync(ct);
        }
    }

    /// <summary>The form again, with its errors: only a page that renders needs the incentive settings.</summary>
    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        FreeShippingOnBackorders = (await incentives.GetAsync(ct)).FreeShippingOnBackorders;
        return Page();
    }
}
