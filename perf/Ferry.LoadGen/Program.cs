using Ferry.LoadGen;

// ferry-loadgen SCENARIO [--option value ...]: starts its own ferryd ($FERRY_TEST_FERRYD, e.g. the native-AOT build),
// runs one scenario against it on loopback, prints a summary (lines starting "RESULT") and exits.
const string Usage = """
    usage: ferry-loadgen connections --count N [--accounts A] [--parallel P] [--settle S]
           ferry-loadgen throughput  --senders S --seconds T [--window W] [--warmup S]
           ferry-loadgen latency     --rate R [--senders S] [--seconds T]
           ferry-loadgen resume      --count N [--sessions K] [--parallel P]
           ferry-loadgen startup     [--runs N]
    """;

if (args.Length == 0)
{
    Console.Error.WriteLine(Usage);
    return 2;
}

var options = new Args(args[1..]);
return args[0] switch
{
    "connections" => await ConnectionsScenario.RunAsync(options),
    "throughput" => await MessagingScenario.ThroughputAsync(options),
    "latency" => await MessagingScenario.LatencyAsync(options),
    "resume" => await ResumeScenario.RunAsync(options),
    "startup" => await StartupScenario.RunAsync(options),
    _ => Fail(Usage),
};

static int Fail(string usage)
{
    Console.Error.WriteLine(usage);
    return 2;
}
