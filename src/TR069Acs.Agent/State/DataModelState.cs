namespace TR069Acs.Agent.State;

/// <summary>The persisted part of a phone's data model: only what differs from the shared definition.</summary>
internal sealed class DataModelState
{
    /// <summary>Stored values by concrete path, where they differ from the default.</summary>
    public Dictionary<string, string>? Values { get; set; }

    /// <summary>Flat parameters that differ from the fleet's factory values, by flat name.</summary>
    public Dictionary<string, string>? Flat { get; set; }

    /// <summary>Attributes set by the ACS, by concrete path.</summary>
    public Dictionary<string, AttributeState>? Attributes { get; set; }

    /// <summary>Instances of tables changed by AddObject/DeleteObject, by concrete table path (ending in ".").</summary>
    public Dictionary<string, TableState>? Tables { get; set; }

    /// <summary>Last value seen of each parameter whose notification is on.</summary>
    public Dictionary<string, string>? Notified { get; set; }

    /// <summary>Notified parameters that changed since the last Inform.</summary>
    public List<string>? Changed { get; set; }
}

/// <summary>A parameter's attributes as SetParameterAttributes left them.</summary>
internal sealed class AttributeState
{
    public int Notification { get; set; }

    public string[] AccessList { get; set; } = [];
}

/// <summary>The instance numbers of one table, and the next number AddObject hands out (numbers are never reused).</summary>
internal sealed class TableState
{
    public List<uint> Instances { get; set; } = [];

    public uint Next { get; set; }
}
