using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Storefront.Core.Data;

/// <summary>
/// A query compiled once per model (<c>EF.CompileAsyncQuery</c>) for the hot paths a placement runs:
/// a LINQ query is otherwise built, walked for its parameters and looked up in EF's cache on every
/// call. EF binds a compiled query to the first model it runs against, and one process may hold
/// several (the tests run SQLite and PostgreSQL side by side), so each model gets its own.
/// </summary>
public sealed class CompiledQuery<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> _byModel = [];

    public TQuery For(DbContext db) => _byModel.GetValue(db.Model, _ => compile());
}
