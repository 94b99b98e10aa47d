using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Storefront.Core.Availability;
using Storefront.Core.Catalog;
using Storefront.Core.Common;
using Storefront.Core.Data;

namespace Storefront.Core.Checkout;

public sealed record CartLineView(CartItem Item, Product Product, ProductAvailability Availability, QuantitySplit Split, string? Notice)
{
    public Money LineTotal => Product.Price.Times(Item.Quantity);

    /// <summary>The quantity can't be had any more (sold out, cap reached, fewer left than wanted).</summary>
    public bool CannotBeBought => Item.Quantity > Availability.MaxQuantity;
}

public sealed record CartView(Guid? CartId, IReadOnlyList<CartLineView> Lines, string Currency)
{
    /// <summary>What a checkout preview read, handed to placing so it is not read twice (null for a stored cart).</summary>
    public CheckoutSnapshot? Seen { get; init; }

    public static CartView Empty(string currency) => new(null, [], currency);

    public int ItemCount => Lines.Sum(l => l.Item.Quantity);
    public Money Subtotal => new(Lines.Sum(l => l.Product.PriceAmount * l.Item.Quantity), Currency);
    public bool HasBackorders => Lines.Any(l => l.Split.Backordered > 0);
    public bool HasPreOrders => Lines.Any(l => l.Availability.PreOrderRelease is not null);

    /// <summary>When the last unit of the cart can ship: what one parcel for everything waits for.</summary>
    public DateOnly? LastEta => Lines.Where(l => l.Split.Backordered > 0 || l.Availability.PreOrderRelease is not null)
        .Max(l => l.Split.Eta);
    public bool CanCheckout => Lines.Count > 0 && Lines.All(l => !l.CannotBeBought);
}

public sealed record CartChange(bool Succeeded, string Message);

/// <summary>The shopper's cart, kept in the database and always shown with today's availability.</summary>
public sealed class CartService(StorefrontDbContext db, AvailabilityService availability, TimeProvider clock, IOptions<StoreOptions> options)
{
    // The checkout's preview runs on every placement: compiled once rather than built and looked up in EF's cache each time.
    private static readonly CompiledQuery<Func<StorefrontDbContext, int[], IAsyncEnumerable<Product>>> ProductsWithStock = new(() =>
        EF.CompileAsyncQuery((StorefrontDbContext db, int[] ids) => db.Products.AsNoTracking().Include(p => p.Stock).Where(p => ids.Contains(p.Id))));

    public async Task<CartView> GetAsync(Guid? cartId, CancellationToken ct = default)
    {
        if (cartId is null)
        {
            return CartView.Empty(options.Value.Currency);
        }
        var items = await db.CartItems.AsNoTracking().Where(i => i.CartId == cartId).OrderBy(i => i.AddedAt).ThenBy(i => i.Id).ToListAsync(ct);
        if (items.Count == 0)
        {
            return new CartView(cartId, [], options.Value.Currency);
        }
        var ids = items.Select(i => i.ProductId).ToArray();
        var products = await db.Products.AsNoTracking().Include(p => p.Stock).Where(p => ids.Contains(p.Id)).ToListAsync(ct);
        var states = await availability.ForProductsAsync(products, ct);
        var byId = products.ToDictionary(p => p.Id);
        var lines = items.Select(i =>
        {
            var product = byId[i.ProductId];
            var state = states[i.ProductId];
            return new CartLineView(i, product, state, state.Split(i.Quantity), Notice(i, state));
        }).ToList();
        return new CartView(cartId, lines, lines[0].Product.Currency);
    }

    /// <summary>The same view for lines posted by the checkout form (product ids and quantities only).</summary>
    public async Task<CartView> PreviewAsync(IReadOnlyList<Checkout.OrderLineRequest> lines, CancellationToken ct = default)
    {
        // A posted form may ask for any amount; the preview shows at most what one line may hold
        // (placing the order refuses more, with its own message), so its sums stay in range.
        var most = options.Value.MaxQuantityPerLine;
        var wanted = Checkout.OrderLineRequest.Combine(lines.Where(l => l.Quantity > 0))
            .Select(l => new CartItem { ProductId = l.ProductId, Quantity = Math.Min(l.Quantity, most) }).ToList();
        var ids = wanted.Select(i => i.ProductId).ToArray();
        var byId = new Dictionary<int, Product>(ids.Length);
        await foreach (var product in ProductsWithStock.For(db)(db, ids).WithCancellation(ct))
        {
            byId[product.Id] = product;
        }
        var (states, schedules) = await availability.ForProductsWithSchedulesAsync(byId.Values, ct);
        var views = wanted.Where(i => byId.ContainsKey(i.ProductId)).Select(i =>
        {
            var state = states[i.ProductId];
            Remember(i, state);
            return new CartLineView(i, byId[i.ProductId], state, state.Split(i.Quantity), Notice(i, state));
        }).ToList();
        return new CartView(null, views, views.Count > 0 ? views[0].Product.Currency : options.Value.Currency)
        {
            Seen = new CheckoutSnapshot(byId, schedules),
        };
    }

    public async Task<(Guid CartId, CartChange Change)> AddAsync(Guid? cartId, string? userId, int productId, int quantity, CancellationToken ct = default)
    {
        if (quantity < 1)
        {
            return (cartId ?? Guid.Empty, new CartChange(false, "Please choose a quantity of at least 1."));
        }
        var state = await availability.ForProductAsync(productId, ct);
        if (state is null)
        {
            return (cartId ?? Guid.Empty, new CartChange(false, "That product doesn't exist."));
        }
        var name = await db.Products.Where(p => p.Id == productId).Select(p => p.Name).SingleAsync(ct);
        var cart = await LoadOrCreateAsync(cartId, userId, ct);
        var item = cart.Items.FirstOrDefault(i => i.ProductId == productId);
        var total = (long)quantity + (item?.Quantity ?? 0);
        if (total > state.MaxQuantity)
        {
            var message = state.MaxQuantity == 0
                ? $"Sorry, {name} can't be ordered right now ({state.Message})."
                : $"You can order at most {state.MaxQuantity} of {name} right now" + (item is null ? "." : $"; {item.Quantity} already in your cart.");
            return (cart.Id, new CartChange(false, message));
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (item is null)
        {
            item = new CartItem { ProductId = productId, AddedAt = now };
            cart.Items.Add(item);
        }
        item.Quantity = (int)total;
        Remember(item, state);
        cart.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        var split = state.Split(item.Quantity);
        var detail = split.Backordered > 0 || state.PreOrderRelease is not null ? " " + AvailabilityText.SplitSummary(split, state.PreOrderRelease) + "." : "";
        return (cart.Id, new CartChange(true, $"Added {quantity} × {name} to your cart.{detail}"));
    }

    public async Task<CartChange> UpdateAsync(Guid? cartId, int productId, int quantity, CancellationToken ct = default)
    {
        if (cartId is null)
        {
            return new CartChange(false, "Your cart is empty.");
        }
        if (quantity == 0)
        {
            await RemoveAsync(cartId, productId, ct);
            return new CartChange(true, "Removed from your cart.");
        }
        if (quantity < 0)
        {
            return new CartChange(false, "Please choose a quantity of at least 1.");
        }
        var item = await db.CartItems.FirstOrDefaultAsync(i => i.CartId == cartId && i.ProductId == productId, ct);
        var state = await availability.ForProductAsync(productId, ct);
        if (item is null || state is null)
        {
            return new CartChange(false, "That item isn't in your cart.");
        }
        if (quantity > state.MaxQuantity)
        {
            return new CartChange(false, $"You can order at most {state.MaxQuantity} of this product right now.");
        }
        item.Quantity = quantity;
        Remember(item, state);
        await db.SaveChangesAsync(ct);
        return new CartChange(true, "Your cart was updated.");
    }

    public async Task RemoveAsync(Guid? cartId, int productId, CancellationToken ct = default)
    {
        if (cartId is not null)
        {
            await db.CartItems.Where(i => i.CartId == cartId && i.ProductId == productId).ExecuteDeleteAsync(ct);
        }
    }

    public async Task ClearAsync(Guid? cartId, CancellationToken ct = default)
    {
        if (cartId is not null)
        {
            await db.CartItems.Where(i => i.CartId == cartId).ExecuteDeleteAsync(ct);
        }
    }

    public Task<Guid?> FindUserCartAsync(string userId, CancellationToken ct = default) =>
        db.Carts.Where(c => c.UserId == userId).OrderByDescending(c => c.UpdatedAt).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);

    /// <summary>Moves a guest cart's lines into the account's cart at sign-in; quantities add up within what can be bought.</summary>
    public async Task<Guid> MergeAsync(Guid guestCartId, string userId, CancellationToken ct = default)
    {
        var guest = await db.Carts.Include(c => c.Items).FirstOrDefaultAsync(c => c.Id == guestCartId && c.UserId == null, ct);
        var userCartId = await FindUserCartAsync(userId, ct);
        if (guest is null)
        {
            return userCartId ?? (await LoadOrCreateAsync(null, userId, ct)).Id;
        }
        if (userCartId is null)
        {
            guest.UserId = userId;
            await db.SaveChangesAsync(ct);
            return guest.Id;
        }
        var target = await db.Carts.Include(c => c.Items).SingleAsync(c => c.Id == userCartId, ct);
        foreach (var item in guest.Items)
        {
            var existing = target.Items.FirstOrDefault(i => i.ProductId == item.ProductId);
            if (existing is null)
            {
                target.Items.Add(new CartItem { ProductId = item.ProductId, Quantity = item.Quantity, AddedAt = item.AddedAt, SeenState = item.SeenState, SeenEta = item.SeenEta });
            }
            else
            {
                existing.Quantity = Math.Min(existing.Quantity + item.Quantity, availability.MaxPerOrder);
            }
        }
        db.Carts.Remove(guest);
        target.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return target.Id;
    }

    private async Task<Cart> LoadOrCreateAsync(Guid? cartId, string? userId, CancellationToken ct)
    {
        Cart? cart = null;
        if (cartId is not null)
        {
            cart = await db.Carts.Include(c => c.Items).FirstOrDefaultAsync(c => c.Id == cartId, ct);
        }
        if (cart is null && userId is not null)
        {
            cart = await db.Carts.Include(c => c.Items).Where(c => c.UserId == userId).OrderByDescending(c => c.UpdatedAt).FirstOrDefaultAsync(ct);
        }
        if (cart is null)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            cart = new Cart { Id = Guid.NewGuid(), UserId = userId, CreatedAt = now, UpdatedAt = now };
            db.Carts.Add(cart);
        }
        return cart;
    }

    private static void Remember(CartItem item, ProductAvailability state)
    {
        item.SeenState = state.State.ToString();
        item.SeenEta = state.Split(item.Quantity).Eta;
    }

    private static string? Notice(CartItem item, ProductAvailability state)
    {
        if (item.Quantity > state.MaxQuantity)
        {
            return state.MaxQuantity == 0
                ? $"This can't be ordered any more: {state.Message}. Please remove it."
                : $"Only {state.MaxQuantity} can be ordered now. Please lower the quantity.";
        }
        var eta = state.Split(item.Quantity).Eta;
        if (item.SeenState != state.State.ToString() || item.SeenEta != eta)
        {
            return "Availability changed since you added this: " + state.Message + ".";
        }
        return null;
    }
}
