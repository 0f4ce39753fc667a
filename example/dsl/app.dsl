# Wallet: a small payments app, the example project that ships inside the dazzle binary.
# Customers hold wallets in GBP; top-ups and payouts move money through a TigerBeetle ledger.

module wallet.core

app wallet "Wallet":
  security_profile: standard

entity Customer "Customer":
  intent: "A person who holds a wallet and can top it up or pay out"
  id: uuid pk
  email: str(200) unique required pii(category=contact)
  name: str(100) required
  status: enum[active,suspended,closed]=active
  balance_cache: money(GBP)
  created_at: datetime auto_add

  permit:
    read: role(admin) or role(support)
    update: role(admin)

entity KycDocument "KYC Document":
  intent: "Identity evidence a customer uploads before their first payout"
  id: uuid pk
  customer: ref Customer required
  kind: enum[passport,driving_licence,utility_bill] required
  scan: file required
  selfie: image
  verified: bool = false
  uploaded_at: datetime auto_add

entity Payout "Payout":
  intent: "Money leaving a wallet to the customer's bank account"
  id: uuid pk
  customer: ref Customer required
  amount: decimal(12,2) required
  status: enum[requested,sent,failed]=requested
  requested_at: datetime auto_add

  transitions:
    requested -> sent
    requested -> failed
