/** Values the global setup (test/global-setup.ts) provides to every test through `inject()`. */
export {};

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the local HTTP targets, e.g. `http://127.0.0.1:41234` (no trailing slash). */
    targetBaseUrl: string;
    /** Base URL of the adversarial corpus server (test/support/adversarial-targets.ts). */
    adversarialBaseUrl: string;
    /** The realistic shop fixture (test/support/shop.ts): staging and production base URLs. */
    shopUrls: { staging: string; production: string };
    /** The newsroom fixture (test/support/newsroom.ts): staging and production base URLs. */
    newsroomUrls: { staging: string; production: string };
    /** The Acme Cloud fixture (test/support/acme-cloud.ts): staging and production base URLs. */
    acmeUrls: { staging: string; production: string };
    /** The DevHub fixture (test/support/devhub.ts): staging and production base URLs. */
    devhubUrls: { staging: string; production: string };
    /** Base URL of the suite tests' targets (test/support/suite-targets.ts). */
    suiteTargetBaseUrl: string;
    /** Base URL of the identity and consequence targets (test/support/answer-targets.ts). */
    answerTargetsUrl: string;
    /** Base URL of the Slack and Teams stand-ins (test/support/chat-receivers.ts). */
    chatReceiverUrl: string;
  }
}
