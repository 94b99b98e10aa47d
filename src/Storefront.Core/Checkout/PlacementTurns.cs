namespace Storefront.Core.Checkout;

/// <summary>
/// Placements of one product on this instance take turns, a few at a time, before they open a
/// transaction. The product's stock row serialises them in the database anyway; a crowd of
/// transactions waiting there would each hold a pooled connection (starving every other request of
/// one) and pile their continuations onto the same cores as the one holding the row. Waiting here
/// costs nothing. Other instances, receipts and staff changes still meet at the row lock, which is
/// what keeps stock right (ADR 0018); this only keeps the queue in front of it short.
/// </summary>
public sealed class PlacementTurns
{
    /// <summary>
    /// Two: while one placement holds the product's row, the next opens its transaction and writes
    /// its order row, so the row is never idle between them; more would only wait at the row.
    /// </summary>
    public const int PerProduct = 2;

    private readonly Dictionary<int, Turn> _turns = [];

    /// <summary>Waits for a turn on every product, in ascending id order like the stock locks (no deadlocks).</summary>
    public async Task<IDisposable> EnterAsync(IEnumerable<int> productIds, CancellationToken ct = default)
    {
        var held = new Held(this);
        try
        {
            foreach (var id in productIds.Distinct().Order())
            {
                var turn = Take(id);
                var index = held.Add(id, turn);
                await turn.Gate.WaitAsync(ct);
                held.Entered(index);
            }
            return held;
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    private Turn Take(int productId)
    {
        lock (_turns)
        {
            if (!_turns.TryGetValue(productId, out var turn))
            {
                _turns[productId] = turn = new Turn();
            }
            turn.Users++;
            return turn;
        }
    }

    private void Give(int productId, Turn turn, bool entered)
    {
        if (entered)
        {
            turn.Gate.Release();
        }
        lock (_turns)
        {
            // The last one out forgets the product: the map holds only products being placed now.
            if (--turn.Users == 0)
            {
                _turns.Remove(productId);
            }
        }
    }

    private sealed class Turn
    {
        public SemaphoreSlim Gate { get; } = new(PerProduct, PerProduct);

        /// <summary>Placements holding or waiting for a turn on this product.</summary>
        public int Users { get; set; }
    }

    private sealed class Held(PlacementTurns owner) : IDisposable
    {
        private readonly List<(int Id, Turn Turn, bool Entered)> _taken = [];

        public int Add(int id, Turn turn)
        {
            _taken.Add((id, turn, false));
            return _taken.Count - 1;
        }

        public void Entered(int index) => _taken[index] = _taken[index] with { Entered = true };

        public void Dispose()
        {
            for (var i = _taken.Count - 1; i >= 0; i--)
            {
                owner.Give(_taken[i].Id, _taken[i].Turn, _taken[i].Entered);
            }
            _taken.Clear();
        }
    }
}
