// Cart-pole balancing (OpenAI Gym's CartPole-v1 dynamics, NetGen.CartPole) learned by REINFORCE with a learned
// baseline: two generated networks (policy 4 → 64 ReLU → 2, value 4 → 64 ReLU → 1), each with its own Adam.
// Trains until the mean return of the last 20 episodes reaches 475 (of 500), prints the learning curve, then
// evaluates the greedy policy on 20 fresh episodes, against a random policy as the baseline. The learning curve
// (every episode's return and the mean of the last 20) is also written as a PNG.
// Usage: dotnet run -c Release --project Samples/CartPole [seed]
using System.Diagnostics;
using System.Globalization;
using NetGen;
using NetGen.Samples.CartPole;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
long start = Stopwatch.GetTimestamp();
int seed = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1;
const int MaxEpisodes = 3000, Window = 20, CurveEvery = 25, EvaluationEpisodes = 20;
const float SolvedReturn = 475;

Console.Write(PolicyNet.Summary);
Console.Write(ValueNet.Summary);
Console.WriteLine();

// Baseline: a policy that pushes left or right at random.
var randomChoice = new RandomSource(seed + 1000);
double randomMean = Evaluate(new CartPole(seed + 2000), _ => randomChoice.NextInt32(CartPole.ActionCount), 100, out _);
Console.WriteLine($"random policy: mean return {randomMean:F1} over 100 episodes");

var policy = new PolicyNet();
var value = new ValueNet();
policy.InitializeParameters(seed);
value.InitializeParameters(seed + 1);
var agent = new ReinforceAgent(policy, value, new Adam(learningRate: 2e-3f), new Adam(learningRate: 5e-3f),
    CartPole.MaxEpisodeSteps, gamma: 0.99f, maxGradientNorm: 1.0f, seed: seed + 2);
var environment = new CartPole(seed + 3);
float[] observation = new float[CartPole.ObservationSize], next = new float[CartPole.ObservationSize];
int[] returns = new int[MaxEpisodes];
int solvedAt = -1, episodes = 0, totalSteps = 0;
long trainingStart = Stopwatch.GetTimestamp();

Console.WriteLine();
Console.WriteLine($"learning curve: mean return per {CurveEvery} episodes (each # is 10 steps balanced)");
while (episodes < MaxEpisodes && solvedAt < 0)
{
    environment.Reset(observation);
    CartPoleStep step;
    do
    {
        int action = agent.Act(observation);
        step = environment.Step(action, next);
        agent.Record(observation, action, step.Reward);
        (observation, next) = (next, observation);
    } while (!step.Done);
    returns[episodes] = environment.StepCount;
    totalSteps += environment.StepCount;
    agent.Update();
    episodes++;

    if (episodes >= Window && Mean(returns, episodes - Window, Window) >= SolvedReturn)
    {
        solvedAt = episodes;
    }
    if (episodes % CurveEvery == 0 || solvedAt > 0)
    {
        int from = (episodes - 1) / CurveEvery * CurveEvery;
        double mean = Mean(returns, from, episodes - from);
        Console.WriteLine($"episodes {from + 1,4}-{episodes,-4} {mean,6:F1} {new string('#', (int)Math.Round(mean / 10))}");
    }
}
double trainingSeconds = Stopwatch.GetElapsedTime(trainingStart).TotalSeconds;
Console.WriteLine();
if (solvedAt < 0)
{
    Console.WriteLine($"not solved: the mean of the last {Window} returns stayed below {SolvedReturn} for {MaxEpisodes} episodes ({trainingSeconds:F1}s)");
    return 1;
}
LearningCurvePlot.Panel returnCurves = new("return (steps balanced)", [
    new("episode", [.. returns.Take(solvedAt).Select(r => (double)r)]),
    new($"mean of the last {Window}", [.. Enumerable.Range(0, solvedAt).Select(e => Mean(returns, Math.Max(0, e - Window + 1), Math.Min(e + 1, Window)))])]);
Console.WriteLine($"learning curve: {LearningCurvePlot.WritePng("cartpole-learning-curve.png", "CartPole REINFORCE", "episode", returnCurves, null)}");
Console.WriteLine($"solved at episode {solvedAt}: mean return of episodes {solvedAt - Window + 1}-{solvedAt} is "
    + $"{Mean(returns, solvedAt - Window, Window):F1} ({totalSteps:N0} steps, {trainingSeconds:F1}s)");

double greedyMean = Evaluate(new CartPole(seed + 4000), o => agent.ActGreedily(o), EvaluationEpisodes, out int full);
Console.WriteLine($"greedy policy: mean return {greedyMean:F1} over {EvaluationEpisodes} new episodes, {full} of them balanced for all {CartPole.MaxEpisodeSteps} steps "
    + $"(random policy: {randomMean:F1})");
Console.WriteLine($"total time {Stopwatch.GetElapsedTime(start).TotalSeconds:F2}s");
return 0;

// Mean of values[from .. from + count), without allocating in the training loop.
static double Mean(int[] values, int from, int count)
{
    long sum = 0;
    for (int i = from; i < from + count; i++) sum += values[i];
    return (double)sum / count;
}

// Mean return of `count` episodes acting with `choose`; `full` counts the episodes that reach the step limit.
static double Evaluate(CartPole environment, Func<float[], int> choose, int count, out int full)
{
    float[] observation = new float[CartPole.ObservationSize];
    double sum = 0;
    full = 0;
    for (int e = 0; e < count; e++)
    {
        environment.Reset(observation);
        CartPoleStep step;
        do
        {
            step = environment.Step(choose(observation), observation);
        } while (!step.Done);
        sum += environment.StepCount;
        if (step.Truncated) full++;
    }
    return sum / count;
}
