using System.Text;
using TR069Acs.Provisioning.Catalogue;

namespace TR069Acs.Provisioning.Tests.Catalogue;

public class CatalogueLoadingTests
{
    private const string Models = """{ "models": [ { "name": "X1", "lines": 2 } ] }""";

    private static ParameterCatalogue Load(string catalogue, string models = Models) =>
        ParameterCatalogue.Load(new MemoryStream(Encoding.UTF8.GetBytes(catalogue)), new MemoryStream(Encoding.UTF8.GetBytes(models)));

    [Fact]
    public void A_minimal_catalogue_loads_and_expands_lines()
    {
        var catalogue = Load("""{ "parameters": [ { "name": "A_n_", "tab": "Ext {n}", "type": "int", "min": 1, "max": 9, "default": "3" } ] }""");
        var set = catalogue.GetParameterSet("X1");
        Assert.Equal(["A_1_", "A_2_"], set.Parameters.Select(p => p.Name));
    }

    [Theory]
    [InlineData("""{ "parameters": [ { "name": "A", "tab": "T", "type": "bool", "default": "maybe" } ] }""", "default 'maybe' is invalid")]
    [InlineData("""{ "parameters": [ { "name": "A", "tab": "T" }, { "name": "A", "tab": "T" } ] }""", "listed twice")]
    [InlineData("""{ "parameters": [ { "name": "A", "tab": "T", "type": "float" } ] }""", "unknown type 'float'")]
    [InlineData("""{ "parameters": [ { "name": "A", "tab": "T", "ua": "xx" } ] }""", "ua 'xx'")]
    [InlineData("""{ "parameters": [ { "name": "A", "tab": "T", "tr069": [ { "path": "P.{n}.X" } ] } ] }""", "{n}")]
    [InlineData("""{ "parameters": [ { "name": "A", "tab": "T", "tr069": [ { "path": "X", "convert": "magic" } ] } ] }""", "unknown conversion")]
    [InlineData("""{ "parameters": [ """, "phone catalogue")]
    public void A_broken_catalogue_is_refused_with_the_reason(string json, string expected)
    {
        var e = Assert.Throws<CatalogueException>(() => Load(json));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_default_for_an_unknown_parameter_is_refused()
    {
        var e = Assert.Throws<CatalogueException>(() => Load(
            """{ "parameters": [ { "name": "A", "tab": "T" } ] }""",
            """{ "models": [ { "name": "X1", "lines": 1, "defaults": { "B": "1" } } ] }"""));
        Assert.Contains("unknown parameter B", e.Message, StringComparison.Ordinal);
    }
}
