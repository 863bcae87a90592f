"""Field vocabulary: general words that look like formulas but are not.

Why: element symbols spell many electrochemistry acronyms (SEI, HER, CNT, NC) and a few
English words (In, As, Be).  These lists are general language and field vocabulary (any
battery or electrocatalysis review uses them), not materials of a particular paper, and
``is_formula_token`` uses them to refuse tokens that parse as element strings.
"""

from __future__ import annotations

__all__ = ["FIELD_ABBREVIATIONS", "ENGLISH_SYMBOL_WORDS", "MOLECULAR_ELEMENTS"]

# General electrochemistry / materials-characterisation abbreviations that happen to be
# spelled with element symbols.  Field vocabulary, not materials of any particular paper.
# "N/P", "P/N" and "E/S" are a cell's capacity and electrolyte-to-sulfur ratios, not a
# composite of nitrogen and phosphorus.
FIELD_ABBREVIATIONS: frozenset[str] = frozenset("""
SEI CEI HER OER ORR OOR NRR CO2RR DFT XRD TEM SEM XPS CV EIS GITT ICE CE SIB SIBs LIB LIBs
PIB PIBs ZIB ZIBs KIB KIBs BIEF BIEFs IEF MOF MOFs COF COFs NPs NP NC NCs CNT CNTs HRTEM
STEM EDS EDX EELS XAS XANES EXAFS AFM STM BET TGA DOS PDOS CBM VBM HOMO LUMO SHE RHE NHE
SCE OCV OCP CCD NMR FTIR IR UV PVDF PTFE NMP CMC SBR PEO PAN DMC EC PC DEC EMC DME DOL
FEC VC TFSI FSI LE SSE SPE ASEI CPE RT TM TMD TMDs TMC TMCs EH EHs HS HSs PBA PBAs CC NF
CFP GO rGO PDA MXene MXenes QD QDs NS NSs NW NWs NT NTs HCS HC CF CFs AC PB SPB ID OD
CN BN2 PCF CNF CNFs NCNT NSC CHPs SG NSG NG NPC CP ESI SI USA UK PR CN BE IC FE TOF ECSA
KB SP PS AN PANI PPy PEDOT PSS SS SSB SSBs ASSB DEMS TOF-SIMS SIMS XRR IV PV LED PEC
N/P P/N E/S
""".split())

# Element symbols that are also everyday English words or common non-chemical abbreviations.
# General language knowledge: outside a formula these are refused unless the caller says the
# context is chemical.
ENGLISH_SYMBOL_WORDS: frozenset[str] = frozenset(
    "In As At Be He No Am Es Ho Pa Po Md Mt Ne Ca Sc Ga Db Re Ge Cm Hs Ds Cs Os Bi Ta Fm Lr Sm Pm".split()
)

# Elements that exist as molecules, so a bare "element + count" token is a formula only for
# these (O2, N2, O3, S8); otherwise it is a figure label (S12) or a grant number.
MOLECULAR_ELEMENTS: set[tuple[str, int]] = {("H", 2), ("N", 2), ("O", 2), ("O", 3), ("F", 2), ("Cl", 2), ("Br", 2),
                       ("I", 2), ("P", 4), ("S", 8), ("C", 60), ("C", 70), ("Se", 8)}
