namespace TR069Acs.Provisioning.Catalogue;

/// <summary>The value syntax of a flat parameter, as named by the <c>type</c> field of <c>catalogue.json</c>.</summary>
public enum ParameterType
{
    /// <summary><c>string</c>: free text up to a maximum length.</summary>
    String,

    /// <summary><c>bool</c>: <c>Yes</c> or <c>No</c> (any case on input, normalized).</summary>
    Boolean,

    /// <summary><c>int</c>: a decimal integer within a range.</summary>
    Integer,

    /// <summary><c>enum</c>: one of a fixed list of values (any case on input, normalized).</summary>
    Enumeration,

    /// <summary><c>interval</c>: a resync interval (<c>3600</c>, <c>600,1200,300</c>, <c>2400+30</c>, <c>0</c>).</summary>
    Interval,

    /// <summary><c>hhmm</c>: a time of day <c>HHmm</c> from 0000 to 2400, or empty.</summary>
    HourMinute,

    /// <summary><c>version</c>: a firmware version, or empty.</summary>
    Version,

    /// <summary><c>intList</c>: comma-separated integers within a range, or empty.</summary>
    IntegerList,

    /// <summary><c>rule</c>: a profile or upgrade rule (<c>[--key K] ( cond )? scheme://server/path</c>), or empty.</summary>
    Rule,

    /// <summary><c>condition</c>: a trigger condition (<c>$UPGTMR gt 300 and $PRVTMR ge 600</c>), or empty.</summary>
    Condition,

    /// <summary><c>hostPort</c>: <c>host[:port]</c>, or empty.</summary>
    HostPort,

    /// <summary><c>url</c>: an absolute http or https URL, or empty.</summary>
    Url,
}
