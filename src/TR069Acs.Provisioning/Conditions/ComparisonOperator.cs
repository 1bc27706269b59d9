namespace TR069Acs.Provisioning.Conditions;

/// <summary>A comparison of the condition language; each has an acronym (for XML profiles) and a symbol.</summary>
public enum ComparisonOperator
{
    /// <summary><c>eq</c>, <c>=</c>, <c>==</c>.</summary>
    Equal,

    /// <summary><c>ne</c>, <c>!=</c>.</summary>
    NotEqual,

    /// <summary><c>lt</c>, <c>&lt;</c>.</summary>
    LessThan,

    /// <summary><c>le</c>, <c>&lt;=</c>.</summary>
    LessOrEqual,

    /// <summary><c>gt</c>, <c>&gt;</c>.</summary>
    GreaterThan,

    /// <summary><c>ge</c>, <c>&gt;=</c>.</summary>
    GreaterOrEqual,
}
