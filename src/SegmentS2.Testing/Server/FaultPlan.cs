namespace SegmentS2.Testing.Server;

/// <summary>
/// The failures a loopback server injects: explicit rules, consumed in order, and optionally random
/// failures drawn from a seeded generator (deterministic for a given request order). Thread-safe.
/// </summary>
public sealed class FaultPlan
{
    private readonly Lock _gate = new();
    private readonly List<RuleState> _rules = [];
    private Random? _random;
    private double _probability;
    private ServerRoute _randomRoute;
    private FaultKind[] _randomKinds = [];
    private int _injected;

    /// <summary>Failures injected so far.</summary>
    public int Injected => Volatile.Read(ref _injected);

    /// <summary>Adds a rule.</summary>
    public FaultPlan Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        lock (_gate)
        {
            _rules.Add(new RuleState(rule));
        }

        return this;
    }

    /// <summary>Fails a share of the requests to a route at random (seeded), choosing among the kinds.</summary>
    public FaultPlan AddRandom(int seed, double probability, ServerRoute route, params FaultKind[] kinds)
    {
        if (probability is < 0 or > 1 || kinds.Length == 0)
        {
            throw new ArgumentException("Probability must be in 0..1 and at least one kind given.");
        }

        lock (_gate)
        {
            _random = new Random(seed);
            _probability = probability;
            _randomRoute = route;
            _randomKinds = kinds;
        }

        return this;
    }

    /// <summary>Removes every rule and the random failures.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
            _random = null;
        }
    }

    internal FaultRule? Next(ServerRoute route, string path)
    {
        lock (_gate)
        {
            // Every matching rule counts the request (so AfterRequests counts requests, not requests other rules spared).
            FaultRule? chosen = null;
            foreach (var state in _rules)
            {
                var rule = state.Rule;
                if ((rule.Route != ServerRoute.Any && rule.Route != route) || (rule.PathContains is { } part && !path.Contains(part, StringComparison.Ordinal)))
                {
                    continue;
                }

                int seen = state.Seen++;
                if (chosen is null && seen >= rule.AfterRequests && seen - rule.AfterRequests < rule.Times)
                {
                    chosen = rule;
                }
            }

            if (chosen is not null)
            {
                _injected++;
                return chosen;
            }

            if (_random is not null && (_randomRoute == ServerRoute.Any || _randomRoute == route) && _random.NextDouble() < _probability)
            {
                _injected++;
                return new FaultRule(route, _randomKinds[_random.Next(_randomKinds.Length)]) { RetryAfter = TimeSpan.Zero, StallFor = TimeSpan.FromSeconds(5) };
            }

            return null;
        }
    }

    private sealed class RuleState(FaultRule rule)
    {
        public FaultRule Rule { get; } = rule;

        public int Seen { get; set; }
    }
}
