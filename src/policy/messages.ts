// Every sentence the policy says to people, in one place: what a rule refuses and what would satisfy it.
import type { Plan, Ref } from "../plan/types.js";
import type { ApprovalCheck } from "./judge.js";
import type { Limit, PathRule, Policy } from "./types.js";

/** Whose approvals a change was judged with (the Action's Approvers, as far as sentences need). */
export type Judged =
  { kind: "review" } | { kind: "starter"; login: string | undefined; opened?: true } | { kind: "recorded" };

const n = (x: number) => x.toLocaleString("en-US");
const quote = (xs: readonly string[]) => xs.map((x) => `\`${x}\``).join(", ");
const ruleAt = (policy: Policy, r: { name: string; pos: { line: number } }) =>
  `\`${r.name}\` (${policy.file}:${r.pos.line})`;
const refText = (r: Ref) => (r.name === undefined ? `\`${r.id}\`` : `\`${r.id}\` (${r.name})`);
/** Who may approve, as a reader says it: "alice, bob or @acme/privacy". */
export const anyOf = (who: readonly string[]) =>
  who.length <= 1 ? (who[0] ?? "") : `${who.slice(0, -1).join(", ")} or ${who[who.length - 1] ?? ""}`;

export const say = {
  noPathRule: (plan: Plan, policy: Policy) => ({
    message: `${plan.file} is in no folder the policy's path rules cover, so it may not target any sandbox.`,
    hint: `Move the plan to a folder a rule covers (${quote((policy.paths ?? []).flatMap((r) => r.plans))}), or add a rule to ${policy.file}.`,
  }),
  sandboxOutside: (plan: Plan, rules: readonly PathRule[], policy: Policy) => ({
    message: `${plan.file} may not target sandbox \`${plan.sandbox}\`: the path rules that cover it (${rules.map((r) => ruleAt(policy, r)).join(", ")}) allow only ${quote(rules.flatMap((r) => r.sandboxes ?? []))}.`,
    hint: `Move the plan to a folder whose rule allows \`${plan.sandbox}\`, or change ${policy.file} in a pull request of its own: a PR is judged by the policy it starts from.`,
  }),
  destinationOutside: (plan: Plan, d: Ref, rules: readonly PathRule[], policy: Policy) => ({
    message: `${plan.file} may not send to destination ${refText(d)} in sandbox \`${plan.sandbox}\`: the path rules that cover it (${rules.map((r) => ruleAt(policy, r)).join(", ")}) allow other destinations only.`,
    hint: `Destinations are matched by ID, never by name. Use an allowed destination, or add this ID to the rule in ${policy.file}.`,
  }),
  audiencesPerPlan: (plan: Plan, limit: Limit, policy: Policy) => ({
    message: `Plan \`${plan.name}\` lists more than ${n(limit.max)} audiences, the policy's audiences-per-plan (${policy.file}:${limit.pos.line}); this is audience ${n(limit.max + 1)}.`,
    hint: "Split the plan, or ask the policy's owners to raise the limit.",
  }),
  pairsPerMerge: (pairs: number, limit: Limit) => ({
    message: `This merge sends ${n(pairs)} pairs, more than the policy's pairs-per-merge (${n(limit.max)}).`,
    hint: "Split the change into several pull requests, or ask the policy's owners to raise the limit.",
  }),
  exportsPerMerge: (known: number, limit: Limit) => ({
    message: `This merge sends ${n(known)} profile exports, more than the policy's profile-exports-per-merge (${n(limit.max)}).`,
    hint: "Split the change into several pull requests, send fewer audiences, or ask the policy's owners to raise the limit.",
  }),
  exportsPerDestination: (
    d: { sandbox: string; id: string; name?: string; known: number },
    limit: Limit,
  ) => ({
    message: `This merge sends ${n(d.known)} profile exports to destination \`${d.id}\`${d.name === undefined ? "" : ` (${d.name})`} in \`${d.sandbox}\`, more than the policy's profile-exports-per-destination (${n(limit.max)}).`,
    hint: "Send fewer audiences to this destination in one merge, or ask the policy's owners to raise the limit.",
  }),
  sizesUnread: (limit: Limit) => ({
    message: `The policy limits ${limit.name} to ${n(limit.max)}, but no audience size could be read from Platform, so the limit cannot be checked.`,
    hint: "Give the step Platform credentials with View Segments; a merge is refused until its sizes can be read.",
  }),
  sizesLocal: (policy: Policy) =>
    `note: ${policy.file} limits profile exports; sizes are read from Platform by the PR check and the merge, not here.`,
  becausePolicy: () => "it changes the policy file",
  becauseSandbox: (sandbox: string) => `it sends to sandbox \`${sandbox}\``,
  becauseDestination: (d: Ref) => `it sends to destination ${refText(d)}`,
  becauseExports: (known: number, over: number) => `it sends ${n(known)} profile exports, over ${n(over)}`,
  becauseUnread: (over: number) => `its profile exports could not be read (the rule is over ${n(over)})`,
  /** A merge the policy refuses: why, by which policy, and what happens to its pairs. */
  refusal: (why: string, policy: Policy, at: string, alone: boolean, by: Judged) =>
    by.kind === "starter"
      ? `${why} (Judged by ${policy.file} as of ${at.slice(0, 12)}, this run's commit.) Nothing was sent. This run was started by ${by.login ?? "someone GitHub did not name"}${by.opened === true ? ", who opened the pull request and so cannot approve it" : ""}.`
      : `${why} (Judged by ${policy.file} as of ${at.slice(0, 12)}, the merge's first parent: a PR cannot loosen the rules that judge it.) ${alone ? "Nothing was applied." : "Its pairs were not applied; the push's other merges were judged on their own."}${by.kind === "review" ? " A manual run with confirm counts the person who starts it as the approval." : ""}`,
  /** A merge that changed only the policy, without the approval its policy-changed rules ask for. */
  policyChangeRefused: (why: string) =>
    `${why.replace(/ (Nothing was applied|Its pairs were not applied)[\s\S]*$/, "")} The change is merged all the same, and the merges after it are judged by it: revert it, or have it approved in a new pull request. To stop such a change from merging at all, protect the policy file with CODEOWNERS and require code owners' review.`,
  noPullRequest: (head: string) =>
    `${head.slice(0, 12)} is not the merge of a pull request, so no review can approve it.`,
  reviewsUnread: (problem: string) =>
    `The approvals the policy asks for could not be checked: ${problem}. The next run checks this merge again.`,
  sizesAtMerge: (n: number, why: string | undefined) =>
    `${n === 1 ? "A profile-export limit was" : "Profile-export limits were"} not checked here: no audience size could be read (${why ?? "no Platform credentials"}). The merge reads the sizes and checks ${n === 1 ? "it" : "them"} before sending anything, and refuses the merge if it cannot.`,
  reviewsNotRead: (problem: string) =>
    `Approvals were not checked here: ${problem}. The merge reads the reviews again and sends nothing without them.`,
  /** What a matched rule asks for: "needs approval from alice or bob (rule `prod` (…:9): it sends to …)". */
  needs: (c: ApprovalCheck, policy: Policy) => {
    const need =
      c.rule.count === 1
        ? `approval from ${anyOf(c.rule.from)}`
        : `${c.rule.count} approvals from ${anyOf(c.rule.from)}`;
    return `needs ${need} (rule ${ruleAt(policy, c.rule)}: ${c.because})`;
  },
  /** One matched rule's state at a merge: met, or what is still needed and why it is not met. */
  approval: (c: ApprovalCheck, policy: Policy, kind: Judged["kind"] = "review") => {
    if (c.missing === 0) return `Rule ${ruleAt(policy, c.rule)} (${c.because}): approved by ${anyOf(c.by)}.`;
    const have = c.by.length === 0 ? "" : ` Approved so far by ${anyOf(c.by)}.`;
    const team =
      c.unreadable === undefined
        ? ""
        : ` The members of ${c.unreadable} could not be read: give the token read access to the organization's teams (a GitHub App with Members: read, or a token with read:org), or name the people.`;
    const where = {
      review: "given at the reviewed head commit",
      starter: "and the person who starts a manual run is its one approval",
      recorded: "and only the approvals recorded when it was merged count",
    }[kind];
    return `It ${say.needs(c, policy)}, ${where}.${have}${team}`;
  },
};
