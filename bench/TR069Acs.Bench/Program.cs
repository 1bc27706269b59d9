using BenchmarkDotNet.Running;
using TR069Acs.Bench.Load;

// ./run.sh bench micro [BenchmarkDotNet args]   codec and provisioning micro benchmarks
// ./run.sh bench load  [--sessions N] [--concurrency C] [--devices D] [--acs PATH/acs.dll] [--cpe-auth digest|off] [--db sqlite|postgres]
//                      --db postgres: SQLite, PostgreSQL and two PostgreSQL nodes behind HAProxy in one run (private PostgreSQL)
// ./run.sh bench tftp  [--transfers N] [--size BYTES] [--blksize B]   concurrent TFTP transfers on loopback
// ./run.sh bench campaign [--phones N] [--max-concurrent C] [--image-bytes B] [--timeout S] [--db sqlite|postgres]   a fleet upgraded by one campaign
// ./run.sh bench fleet [--phones N] [--timeout S]   one acs phone --count N process registering with acs serve
// ./run.sh bench profiles [--devices N] [--requests R] [--rounds K] [--concurrency C] [--seconds S]   ACS profiles vs nginx
return args.FirstOrDefault() switch
{
    "load" => await InformLoadRun.RunAsync(args[1..]),
    "tftp" => await TR069Acs.Bench.TftpLoad.RunAsync(args[1..]),
    "profiles" => await TR069Acs.Bench.Profiles.ProfileLoadRun.RunAsync(args[1..]),
    "campaign" => await TR069Acs.Bench.Campaigns.CampaignLoadRun.RunAsync(args[1..]),
    "fleet" => await TR069Acs.Bench.Fleet.FleetLoadRun.RunAsync(args[1..]),
    "micro" => Micro(args[1..]),
    _ => Usage(),
};

static int Micro(string[] rest)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest.Length == 0 ? ["--filter", "*"] : rest);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: bench micro [BenchmarkDotNet args] | bench load [--sessions N] [--concurrency C] [--devices D] [--acs acs.dll] [--cpe-auth digest|off] [--db sqlite|postgres] | bench campaign [--phones N] [--db sqlite|postgres] | bench tftp | fleet | profiles");
    return 2;
}
