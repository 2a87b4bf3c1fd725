/**
 * Evidence weights for metadata, in one table. A weight is a signed strength in [-1, 1]; src/core/fuse.ts adds it
 * in log-odds (8 logits per unit, the pixel model bounded to ±4 when metadata speaks). HIVE-RESPONSE.md: metadata
 * is evidence, not proof; absence of metadata is no evidence at all (nothing is emitted).
 *
 * C2PA weights below are for a valid signature whose signer is on none of the reader's trust lists. A trusted
 * signer (C2PA Trust List or the user's anchors) adds `c2paTrustedDelta` to their strength; a credential that has
 * expired or been revoked (the file unchanged since signing) subtracts `c2paExpiredDelta`: weaker than a current
 * signature, still stronger than unsigned XMP. A tampered or damaged manifest weighs nothing.
 *
 * | signal                                                                   | weight | why                                           |
 * |--------------------------------------------------------------------------|--------|-----------------------------------------------|
 * | valid C2PA, digitalSourceType trainedAlgorithmicMedia                     |  0.9   | signed declaration by the generator           |
 * | valid C2PA, compositeWithTrainedAlgorithmicMedia                          |  0.9   | signed; partly generated is AI-generated      |
 * | valid C2PA, claim generator / softwareAgent names a known AI generator    |  0.9   | signed, names the tool                        |
 * | valid C2PA, an ingredient's manifest declares trained algorithmic media   |  0.8   | signed, one step removed                      |
 * | valid C2PA, algorithmicMedia                                              |  0.5   | computer-made, not necessarily a trained model|
 * | valid C2PA, a capture (digitalCapture, ...)                               | -0.3   | signed capture claim; devices can be misused  |
 * | ... the same, trusted signer                                              | +0.05  | a list the user relies on vouches for it      |
 * | ... the same, signer's certificate expired or revoked, hashes intact      | -0.05  | unchanged file, but nobody vouches any more   |
 * | invalid C2PA (an integrity failure: tampered or damaged)                  |  0     | informational: its claims cannot be relied on |
 * | IPTC / XMP DigitalSourceType trainedAlgorithmicMedia                      |  0.8   | unsigned but deliberate                       |
 * | IPTC / XMP compositeWithTrainedAlgorithmicMedia                           |  0.7   |                                               |
 * | IPTC / XMP algorithmicMedia                                               |  0.3   |                                               |
 * | IPTC / XMP capture source type                                            | -0.2   | unsigned capture claim                        |
 * | EXIF Software / XMP CreatorTool names a generator                         |  0.5   | unsigned, but rarely written by accident      |
 * | generator text chunk (A1111 / Forge, ComfyUI, NovelAI, InvokeAI, Fooocus) |  0.6   | moderate: trivially written by anyone         |
 * | camera EXIF Make / Model                                                  | -0.1   | weak: EXIF is easily copied onto any file     |
 *
 * With the pixel model bounded to ±4 logits, 0.85 (6.8 logits) and 0.8 (6.4) keep ai_generated >= 0.9 whatever
 * the pixels say; 0.6 (4.8) does so unless the pixel model is more than 93% sure the image is real.
 */
export const WEIGHTS = Object.freeze({
  c2paTrained: 0.9,
  c2paComposite: 0.9,
  c2paNamedGenerator: 0.9,
  c2paIngredientTrained: 0.8,
  c2paAlgorithmic: 0.5,
  c2paCapture: -0.3,
  c2paTrustedDelta: 0.05,
  c2paExpiredDelta: 0.05,
  c2paInvalid: 0,
  c2paNoClaim: 0,
  xmpTrained: 0.8,
  xmpComposite: 0.7,
  xmpAlgorithmic: 0.3,
  xmpCapture: -0.2,
  softwareNamesGenerator: 0.5,
  generatorText: 0.6,
  cameraExif: -0.1,
});
