/**
 * Runs in Node before the workerd tests: starts the local HTTP targets (test/support/targets.ts)
 * and hands their base URL to the tests as `inject("targetBaseUrl")`.
 */
import type { TestProject } from "vitest/node";
import { startAcmeCloud } from "./support/acme-cloud";
import { startAdversarialTargets } from "./support/adversarial-targets";
import { startAnswerTargets } from "./support/answer-targets";
import { startChatReceivers } from "./support/chat-receivers";
import { startDevhub } from "./support/devhub";
import { startNewsroom } from "./support/newsroom";
import { startShop } from "./support/shop";
import { startSuiteTargets } from "./support/suite-targets";
import { startTargets } from "./support/targets";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const targets = await startTargets();
  project.provide("targetBaseUrl", targets.baseUrl);
  const adversarial = await startAdversarialTargets();
  project.provide("adversarialBaseUrl", adversarial.baseUrl);
  // The realistic staging/production fixture (issue 17): two services of their own.
  const shop = await startShop();
  project.provide("shopUrls", { staging: shop.stagingUrl, production: shop.productionUrl });
  // The second one (issue 23), a newsroom: its counters tick every NEWSROOM_TICK_MS (1 s unless set).
  const tickMs = Number(process.env.NEWSROOM_TICK_MS) || 1000;
  const newsroom = await startNewsroom({ tickMs });
  project.provide("newsroomUrls", { staging: newsroom.stagingUrl, production: newsroom.productionUrl });
  // The third, Acme Cloud (a SaaS control plane), written blind: its clocks tick like the newsroom's.
  const acme = await startAcmeCloud({ tickMs });
  project.provide("acmeUrls", { staging: acme.stagingUrl, production: acme.productionUrl });
  // The fourth, DevHub (a developer platform's API and docs, with POSTs and a HEAD), written blind.
  const devhub = await startDevhub({ tickMs });
  project.provide("devhubUrls", { staging: devhub.stagingUrl, production: devhub.productionUrl });
  // The suite tests' two environments and discovery documents (test/support/suite-targets.ts).
  const suiteTargets = await startSuiteTargets();
  project.provide("suiteTargetBaseUrl", suiteTargets.baseUrl);
  // Responses with body-derived headers and a shuffled list (issue 23: identity and consequences).
  const answerTargets = await startAnswerTargets();
  project.provide("answerTargetsUrl", answerTargets.baseUrl);
  // Slack's and Teams' incoming webhooks, checking each message against the chat's schema.
  const chatReceivers = await startChatReceivers();
  project.provide("chatReceiverUrl", chatReceivers.baseUrl);
  return async () => {
    await targets.close();
    await adversarial.close();
    await shop.close();
    await newsroom.close();
    await acme.close();
    await devhub.close();
    await suiteTargets.close();
    await answerTargets.close();
    await chatReceivers.close();
  };
}
