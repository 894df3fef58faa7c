using System.Diagnostics;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace UnionOffice.Data;

/// <summary>
/// Compiled EF queries whose condition depends on a view (ADR 0010): the query is written once, with
/// <see cref="Filter{T}"/> standing where the view's condition goes, and <see cref="WithFilter"/> puts each view's
/// condition in before the query is compiled (EF.CompileAsyncQuery), so no expression tree is built, compared or walked
/// for parameters when a request runs it.
/// </summary>
public static class CompiledViews
{
    private static readonly MethodInfo FilterMethod = typeof(CompiledViews).GetMethod(nameof(Filter))!;

    /// <summary>Stands for the view's condition on <paramref name="row"/> in a query template; never called.</summary>
    public static bool Filter<T>(T row, DateOnly today) =>
        throw new UnreachableException("CompiledViews.Filter stands for a view's condition; WithFilter replaces it before the query is compiled.");

    /// <summary>The template with every <see cref="Filter{T}"/> on rows of <typeparamref name="T"/> replaced by <paramref name="filter"/>.</summary>
    public static Expression<TDelegate> WithFilter<TDelegate, T>(Expression<TDelegate> template, Expression<Func<T, DateOnly, bool>> filter)
    {
        var inliner = new Inliner(typeof(T), filter);
        var result = (Expression<TDelegate>)inliner.Visit(template);
        if (inliner.Replaced == 0) throw new InvalidOperationException($"The query template has no CompiledViews.Filter on {typeof(T).Name}: the view's condition would be lost.");
        return result;
    }

    /// <summary>One query per view, each compiled when a model first runs it.</summary>
    public static Dictionary<string, PerModel<TQuery>> PerView<TFilter, TQuery>(IReadOnlyDictionary<string, TFilter> views, Func<TFilter, TQuery> compile)
        where TQuery : class =>
        views.ToDictionary(v => v.Key, v => new PerModel<TQuery>(() => compile(v.Value)));

    private sealed class Inliner(Type rowType, LambdaExpression filter) : ExpressionVisitor
    {
        public int Replaced { get; private set; }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (!node.Method.IsGenericMethod || node.Method.GetGenericMethodDefinition() != FilterMethod) return base.VisitMethodCall(node);
            if (node.Method.GetGenericArguments()[0] != rowType)
                throw new InvalidOperationException($"CompiledViews.Filter on {node.Method.GetGenericArguments()[0].Name} given a condition on {rowType.Name}.");
            Replaced++;
            var map = new Dictionary<ParameterExpression, Expression>
            {
                [filter.Parameters[0]] = Visit(node.Arguments[0]),
                [filter.Parameters[1]] = Visit(node.Arguments[1]),
            };
            return new Substitute(map).Visit(filter.Body);
        }
    }

    private sealed class Substitute(Dictionary<ParameterExpression, Expression> map) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => map.TryGetValue(node, out var e) ? e : node;
    }

    /// <summary>
    /// A query compiled once for each EF model it runs against: EF refuses to run a compiled query against another model
    /// than the one it was compiled for, and a process holds one model per database provider (the tests run SQLite and
    /// PostgreSQL side by side).
    /// </summary>
    public sealed class PerModel<TQuery>(Func<TQuery> compile) where TQuery : class
    {
        private readonly ConditionalWeakTable<IModel, TQuery> _byModel = [];

        public TQuery For(DbContext db) => _byModel.GetValue(db.Model, _ => compile());
    }
}
