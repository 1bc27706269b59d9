using TR069Acs.Cwmp;

namespace TR069Acs.Cwmp.Tests.Messages;

public sealed class CwmpFaultTests
{
    // TR-069 Tables 130 and 131, "Type" column.
    [Theory]
    [InlineData(8000, "Server")]
    [InlineData(8001, "Server")]
    [InlineData(8002, "Server")]
    [InlineData(8003, "Client")]
    [InlineData(8004, "Server")]
    [InlineData(8005, "Server")]
    [InlineData(8006, "Server")]
    [InlineData(9000, "Server")]
    [InlineData(9002, "Server")]
    [InlineData(9003, "Client")]
    [InlineData(9005, "Client")]
    [InlineData(9006, "Client")]
    [InlineData(9007, "Client")]
    [InlineData(9008, "Client")]
    [InlineData(9009, "Server")]
    [InlineData(9010, "Server")]
    [InlineData(9018, "Server")]
    public void The_soap_fault_code_follows_the_type_column_of_tr069(int code, string soapFaultCode)
        => Assert.Equal(soapFaultCode, new CwmpFault(code, "x").SoapFaultCode);
}
