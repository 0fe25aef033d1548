using NetGen.Samples.CartPole;

namespace NetGen.Tests.Training;

/// <summary>Small policy for the agent tests: observation → 8 tanh → 2 logits.</summary>
[Network(4)]
[Dense(8, Activation = Activation.Tanh)]
[Dense(2)]
public partial class TinyPolicyNet;

/// <summary>Small baseline for the agent tests: observation → 8 tanh → value.</summary>
[Network(4, Loss = LossKind.MeanSquaredError)]
[Dense(8, Activation = Activation.Tanh)]
[Dense(1)]
public partial class TinyValueNet;

/// <summary>The CartPole sample's REINFORCE agent: its training loop allocates nothing, and an update moves both networks.</summary>
public class ReinforceAgentTests
{
    private static (ReinforceAgent Agent, TinyPolicyNet Policy, TinyValueNet Value) Create()
    {
        var policy = new TinyPolicyNet();
        var value = new TinyValueNet();
        policy.InitializeParameters(1);
        value.InitializeParameters(2);
        var agent = new ReinforceAgent(policy, value, new Adam(1e-2f), new Adam(1e-2f), CartPole.MaxEpisodeSteps, 0.99f, 1.0f, seed: 3);
        return (agent, policy, value);
    }

    /// <summary>One episode: act, step, record until done, then update. Returns its length.</summary>
    private static int Episode(ReinforceAgent agent, CartPole environment, float[] observation, float[] next)
    {
        environment.Reset(observation);
        CartPoleStep step;
        do
        {
            int action = agent.Act(observation);
            step = environment.Step(action, next);
            agent.Record(observation, action, step.Reward);
            next.AsSpan().CopyTo(observation);
        } while (!step.Done);
        agent.Update();
        return environment.StepCount;
    }

    [Fact]
    public void TrainingStepsAllocateNothing()
    {
        (ReinforceAgent agent, _, _) = Create();
        var environment = new CartPole(seed: 4);
        float[] observation = new float[4], next = new float[4];
        for (int i = 0; i < 60; i++) Episode(agent, environment, observation, next); // past tiered compilation

        int steps = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) steps += Episode(agent, environment, observation, next);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(steps > 20, $"only {steps} steps: the episodes did not run");
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void AnUpdateMovesBothNetworksAndStartsAFreshEpisode()
    {
        (ReinforceAgent agent, TinyPolicyNet policy, TinyValueNet value) = Create();
        float[] policyBefore = policy.Parameters.ToArray(), valueBefore = value.Parameters.ToArray();
        float[] state = [0.01f, -0.02f, 0.03f, 0.04f];
        for (int t = 0; t < 10; t++) agent.Record(state, t % 2, 1f);
        Assert.Equal(10, agent.StepCount);
        agent.Update();
        Assert.Equal(0, agent.StepCount);
        Assert.False(policy.Parameters.SequenceEqual(policyBefore));
        Assert.False(value.Parameters.SequenceEqual(valueBefore));
    }
}
