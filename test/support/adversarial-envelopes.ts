/**
 * Envelopes for the adversarial corpus as the probe would store them, without the network: the
 * body is cut at the probe's cap, classified and fitted by the real modules. The end-to-end test
 * goes through real probes instead; this is for the bench and for measuring the engine alone.
 */
import { classifyBody } from "../../src/probe/classify-body";
import { fitBody } from "../../src/probe/fit-body";
import { DEFAULT_BODY_CAP_BYTES } from "../../src/probe/probe";
import type { EnvelopeBody, SignalEnvelope } from "../../src/shapes/envelope";
import type { AdversarialShape } from "./adversarial-corpus";
import { left, right } from "./envelopes";

function bytesOf(body: string | Uint8Array): Uint8Array {
  return typeof body === "string" ? new TextEncoder().encode(body) : body;
}

async function sha256(data: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

export async function storedBody(body: string | Uint8Array, contentType: string): Promise<EnvelopeBody> {
  const all = bytesOf(body);
  const truncated = all.byteLength > DEFAULT_BODY_CAP_BYTES;
  const data = truncated ? all.subarray(0, DEFAULT_BODY_CAP_BYTES) : all;
  const hash = await sha256(data);
  return fitBody({
    contentType,
    bytes: data.byteLength,
    truncated,
    sha256: hash,
    ...classifyBody(data, contentType, truncated),
  });
}

export async function adversarialEnvelopes(shape: AdversarialShape): Promise<{ l: SignalEnvelope; r: SignalEnvelope }> {
  const built = shape.build();
  const headers = { "content-type": shape.contentType };
  return {
    l: left({ headers, body: await storedBody(built.left, shape.contentType) }),
    r: right({ headers, body: await storedBody(built.right, shape.contentType) }),
  };
}
