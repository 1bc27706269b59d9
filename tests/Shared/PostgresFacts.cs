namespace TR069Acs.Tests.Shared;

/// <summary>A fact that needs PostgreSQL: skipped with the reason when it is not installed, failed instead under CI=true.</summary>
internal sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PrivatePostgres.Problem is { } problem && !PrivatePostgres.IsCi)
        {
            Skip = $"{problem} (under CI=true this test fails instead)";
        }
    }
}

/// <summary>A theory that needs PostgreSQL: skipped with the reason when it is not installed, failed instead under CI=true.</summary>
internal sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (PrivatePostgres.Problem is { } problem && !PrivatePostgres.IsCi)
        {
            Skip = $"{problem} (under CI=true this test fails instead)";
        }
    }
}
