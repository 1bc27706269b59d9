using System.Collections;
using System.Reflection;

namespace TR069Acs.Cwmp.Tests.Support;

/// <summary>Compares message records member by member, lists element by element (records compare lists by
/// reference, which says nothing about what was on the wire).</summary>
public static class StructuralAssert
{
    public static void Equal(object? expected, object? actual) => Compare(expected, actual, "$");

    private static void Compare(object? expected, object? actual, string path)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: expected {expected ?? "null"}, got {actual ?? "null"}");
            return;
        }
        var type = expected.GetType();
        if (type.IsPrimitive || type.IsEnum || expected is string or DateTimeOffset or decimal)
        {
            if (!Equals(expected, actual))
            {
                Assert.Fail($"{path}: expected '{expected}', got '{actual}'");
            }
            return;
        }
        if (expected is IEnumerable expectedItems)
        {
            var e = expectedItems.Cast<object?>().ToList();
            var a = Assert.IsAssignableFrom<IEnumerable>(actual).Cast<object?>().ToList();
            Assert.True(e.Count == a.Count, $"{path}: expected {e.Count} entries, got {a.Count}");
            for (var i = 0; i < e.Count; i++)
            {
                Compare(e[i], a[i], $"{path}[{i}]");
            }
            return;
        }
        Assert.True(type == actual.GetType(), $"{path}: expected a {type.Name}, got a {actual.GetType().Name}");
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0)
            {
                Compare(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
            }
        }
    }
}
