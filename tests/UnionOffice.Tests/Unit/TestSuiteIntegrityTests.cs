using System.Reflection;

namespace UnionOffice.Tests.Unit;

/// <summary>
/// The suite runs what it holds: a test written in an abstract class (the tests shared by both databases) runs only
/// through a concrete class deriving from it; one that lost its concrete classes would pass silently by never running.
/// </summary>
public sealed class TestSuiteIntegrityTests
{
    [Fact]
    public void EveryAbstractClassWithTests_HasAConcreteClassThatRunsThem()
    {
        var types = typeof(TestSuiteIntegrityTests).Assembly.GetTypes();
        var orphans = types
            .Where(t => t.IsAbstract && !t.IsSealed && t.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly)
                .Any(m => m.GetCustomAttributes<FactAttribute>(inherit: true).Any()))
            .Where(t => !types.Any(c => !c.IsAbstract && Runs(t, c)))
            .Select(t => t.FullName)
            .ToList();
        Assert.True(orphans.Count == 0, $"Tests that never run (no concrete class): {string.Join(", ", orphans)}");
    }

    /// <summary>Whether the concrete class runs the abstract one's tests: derives from it, or — a generic one — from a type made of it.</summary>
    private static bool Runs(Type abstractClass, Type concrete)
    {
        if (abstractClass.IsAssignableFrom(concrete)) return true;
        if (!abstractClass.IsGenericTypeDefinition) return false;
        for (var b = concrete.BaseType; b is not null; b = b.BaseType)
            if (b.IsGenericType && b.GetGenericTypeDefinition() == abstractClass) return true;
        return false;
    }
}
